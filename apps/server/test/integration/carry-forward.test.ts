import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editOf, sourceClip } from '../helpers/carry-media.ts';
import { createDeliverable } from '../helpers/factories.ts';
import { SseStream } from '../helpers/sse-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { note, proposalsWhenDone, versionWithClip } from './carry-forward-fixtures.ts';

// Carrying v1's open notes to v2 through the API, on clips made by ffmpeg: v2 is v1 with 2 s
// inserted at 6 s and 3 s cut at 11–14 s (25 fps).

let app: TestApp;
let stopWorker: () => Promise<void>;
let dir: string;
let owner: Awaited<ReturnType<typeof signUp>>;
let v1: string;
let v2: string;
const notes: Record<string, string> = {};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-carry-api-'));
  const [master, insert] = await Promise.all([
    sourceClip(dir, 'master.mp4', { seed: 1, seconds: 20 }),
    sourceClip(dir, 'insert.mp4', { seed: 2, seconds: 2 }),
  ]);
  const edit = await editOf(dir, 'v2.mp4', [
    { file: master, fromSeconds: 0, toSeconds: 6 },
    { file: insert, fromSeconds: 0, toSeconds: 2 },
    { file: master, fromSeconds: 6, toSeconds: 11 },
    { file: master, fromSeconds: 14, toSeconds: 20 },
  ]);
  app = await startTestApp();
  stopWorker = app.preroll.startWorker();
  owner = await signUp(app);
  const { deliverableId } = await createDeliverable(app, owner.orgId);
  v1 = await versionWithClip(app, owner.orgId, deliverableId, master, 20);
  v2 = await versionWithClip(app, owner.orgId, deliverableId, edit, 19);
  notes.early = await note(owner.client, v1, 50, 'Colour on the sky', { visibility: 'client' });
  notes.moved = await note(owner.client, v1, 200, 'Trim this shot');
  notes.cut = await note(owner.client, v1, 312, 'Lose the boom');
  notes.late = await note(owner.client, v1, 400, 'Music too loud', { duration_frames: 50 });
  const reply = await owner.client.post(`/api/v1/versions/${v1}/comments`, {
    body: 'Agreed',
    parent_id: notes.moved,
  });
  expect(reply.status).toBe(201);
}, 90_000);
afterAll(async () => {
  await stopWorker?.();
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('carry-forward over the API', () => {
  it('the first GET starts one job, progress arrives over SSE, and the proposals carry labels, timecodes and scores', async () => {
    const sse = await SseStream.open(`${app.url}/api/v1/events`, {
      cookie: `preroll_session=${owner.client.cookie('preroll_session')}`,
    });
    await sse.connected();
    const first = await owner.client.get(`/api/v1/versions/${v2}/carry-forward`);
    expect(first.status).toBe(200);
    expect(first.body.data.from_version.number).toBe(1);
    expect(['queued', 'running', 'done']).toContain(first.body.data.job.state);
    const done = await proposalsWhenDone(owner.client, v2);
    expect(done.job).toEqual({ state: 'done', progress: 1, error: null });
    const jobs = await app.preroll.db
      .selectFrom('jobs')
      .selectAll()
      .where('type', '=', 'carry-forward.align')
      .execute();
    expect(jobs).toHaveLength(1);
    const byId = new Map(done.proposals.map((p: { id: string }) => [p.id, p]));
    expect(done.proposals).toHaveLength(4);
    expect(byId.get(notes.early)).toMatchObject({
      label: 'same',
      to: { frame: 50, timecode: '00:00:02:00' },
    });
    const moved = byId.get(notes.moved) as { label: string; to: { frame: number }; offset_frames: number };
    expect(moved.label).toBe('moved');
    expect(Math.abs(moved.to.frame - 250)).toBeLessThanOrEqual(1);
    expect(byId.get(notes.cut)).toMatchObject({ label: 'removed', to: null, offset_frames: null });
    const late = byId.get(notes.late) as {
      to: { frame: number };
      confidence: number;
      from: { timecode: string };
    };
    expect(Math.abs(late.to.frame - 375)).toBeLessThanOrEqual(1);
    expect(late.from.timecode).toBe('00:00:16:00');
    expect(late.confidence).toBeGreaterThan(0.8);
    expect(done.counts).toEqual({ moved: 2, same: 1, needs_check: 0, removed: 1 });
    const finished = await sse.waitFor((e) => e.type === 'carry_forward.progress' && e.data.state === 'done');
    expect(finished.data).toMatchObject({ version_id: v2, from_version_id: v1, progress: 1 });
    expect(sse.messages.some((e) => e.type === 'carry_forward.progress' && e.data.state === 'running')).toBe(
      true,
    );
    sse.close();
  });

  it('applying one proposal creates one carried note linking back; applying it again creates nothing', async () => {
    const once = await owner.client.post(`/api/v1/versions/${v2}/carry-forward`, {
      proposals: [notes.moved],
    });
    expect(once.status).toBe(201);
    expect(once.body.data.created).toBe(1);
    const again = await owner.client.post(`/api/v1/versions/${v2}/carry-forward`, {
      proposals: [notes.moved],
    });
    expect(again.status).toBe(200);
    expect(again.body.data.created).toBe(0);
    const applied = again.body.data.proposals.find((p: { id: string }) => p.id === notes.moved);
    expect(applied.applied_comment_id).toBeTruthy();
    const comments = (await owner.client.get(`/api/v1/versions/${v2}/comments`)).body.data;
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({
      id: applied.applied_comment_id,
      body: 'Trim this shot',
      carried_from: notes.moved,
      carried_origin: { comment_id: notes.moved, version_id: v1, version_number: 1, timecode: '00:00:08:00' },
      replies: [],
    });
    // The thread stays on v1 with its reply.
    const original = (await owner.client.get(`/api/v1/versions/${v1}/comments`)).body.data.find(
      (c: { id: string }) => c.id === notes.moved,
    );
    expect(original.replies).toHaveLength(1);
  });

  it('apply all carries every placed note once (removed ones stay behind), keeping visibility and duration', async () => {
    const all = await owner.client.post(`/api/v1/versions/${v2}/carry-forward`, { all: true });
    expect(all.status).toBe(201);
    expect(all.body.data.created).toBe(2);
    const repeat = await owner.client.post(`/api/v1/versions/${v2}/carry-forward`, { all: true });
    expect(repeat.body.data.created).toBe(0);
    const comments = (await owner.client.get(`/api/v1/versions/${v2}/comments`)).body.data;
    expect(comments.map((c: { carried_from: string }) => c.carried_from).sort()).toEqual(
      [notes.early, notes.moved, notes.late].sort(),
    );
    const early = comments.find((c: { carried_from: string }) => c.carried_from === notes.early);
    expect(early.visibility).toBe('client');
    const late = comments.find((c: { carried_from: string }) => c.carried_from === notes.late);
    expect(late.duration_frames).toBe(50);
  });

  it('?from= picks the earlier version explicitly and answers the same stored run', async () => {
    const res = await owner.client.get(`/api/v1/versions/${v2}/carry-forward?from=${v1}`);
    expect(res.status).toBe(200);
    expect(res.body.data.job.state).toBe('done');
    expect(res.body.data.proposals).toHaveLength(4);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliverable, createVersion } from '../helpers/factories.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { avidLine, exportText, importRows, sendMarkers } from './markers-fixtures.ts';

let app: TestApp;
let owner: Awaited<ReturnType<typeof signUp>>;
let deliverableId: string;

/** 29.97 DF from 01:00:00;00, ten minutes (17,982 frames). */
const df2997 = {
  rate: [30000, 1001] as [number, number],
  durationFrames: 17982,
  startFrame: 107892,
  dropFrame: true,
};

beforeAll(async () => {
  app = await startTestApp({ PREROLL_WORKER: 'off' });
  owner = await signUp(app, { name: 'Olivia Owner' });
  ({ deliverableId } = await createDeliverable(app, owner.orgId));
});
afterAll(async () => {
  await app?.close();
});

const avidFile =
  avidLine('01:00:00;00', 'First frame') +
  avidLine('01:01:00;02', 'Minute boundary', 'Edie Editor', 30) +
  avidLine('00:59:59;29', 'Before the start') +
  avidLine('01:10:00;00', 'After the end') +
  avidLine('01:00:10:29', 'A colon timecode, read as the version counts') +
  avidLine('01:00:10:45', 'No frame 45 at 29.97');

describe('import preview', () => {
  it('places each marker on the version by its timecode and lists the ones outside the media', async () => {
    const version = await createVersion(app, owner.orgId, deliverableId, df2997);
    const before = await importRows(app);
    const res = await sendMarkers(owner.client, version, 'format=avid', avidFile);
    expect(res.status).toBe(200);
    const data = res.body.data;
    expect(data.version).toEqual({
      frame_rate: '30000/1001',
      start_timecode: '01:00:00;00',
      drop_frame: true,
      duration_frames: 17982,
    });
    expect(data.counts).toEqual({
      create: 3,
      already_imported: 0,
      already_on_version: 0,
      out_of_range: 2,
      unplaceable: 1,
    });
    expect(data.created).toBe(0);
    expect(
      data.markers.map((m: { status: string; frame: number | null; timecode: string | null }) => [
        m.status,
        m.frame,
        m.timecode,
      ]),
    ).toEqual([
      ['create', 0, '01:00:00;00'],
      ['create', 1800, '01:01:00;02'],
      ['out_of_range', -1, null],
      ['out_of_range', 17982, '01:10:00;00'],
      ['create', 329, '01:00:10;29'],
      ['unplaceable', null, null],
    ]);
    expect(data.markers[1]).toMatchObject({
      duration_frames: 30,
      body: 'Minute boundary',
      author: 'Edie Editor',
    });
    expect(data.markers[2].reason).toBe('before the version starts');
    expect(data.markers[3].reason).toMatch(/^after the version ends/);
    expect(data.markers[5].reason).toMatch(/frames must be below 30/);
    expect(await importRows(app)).toEqual(before);
  });
});

describe('import', () => {
  it('creates the placed markers as comments, and importing the same file again creates nothing', async () => {
    const version = await createVersion(app, owner.orgId, deliverableId, df2997);
    const first = await sendMarkers(owner.client, version, 'format=avid&visibility=client', avidFile, {
      apply: true,
    });
    expect(first.status).toBe(201);
    expect(first.body.data.created).toBe(3);
    const comments = (await owner.client.get(`/api/v1/versions/${version}/comments`)).body.data;
    expect(
      comments.map((c: { frame: number; timecode: string; body: string }) => [c.frame, c.timecode, c.body]),
    ).toEqual([
      [0, '01:00:00;00', 'First frame'],
      [329, '01:00:10;29', 'A colon timecode, read as the version counts'],
      [1800, '01:01:00;02', 'Minute boundary'],
    ]);
    expect(comments[0]).toMatchObject({
      author: { type: 'external', name: 'Edie Editor' },
      visibility: 'client',
    });
    const rowsAfterFirst = await importRows(app);
    const again = await sendMarkers(owner.client, version, 'format=avid', avidFile, { apply: true });
    expect(again.status).toBe(200);
    expect(again.body.data.created).toBe(0);
    expect(again.body.data.counts.already_imported).toBe(3);
    expect(await importRows(app)).toEqual(rowsAfterFirst);
    const preview = await sendMarkers(owner.client, version, 'format=avid', avidFile);
    expect(preview.body.data.markers[0]).toMatchObject({
      status: 'already_imported',
      reason: 'imported from this file before',
    });
  });

  it('two imports of the same file at once still create each marker once', async () => {
    const version = await createVersion(app, owner.orgId, deliverableId, df2997);
    const file = Array.from({ length: 40 }, (_, i) =>
      avidLine(`01:00:${String(i).padStart(2, '0')};00`, `note ${i}`),
    ).join('');
    const results = await Promise.all([
      sendMarkers(owner.client, version, 'format=avid', file, { apply: true }),
      sendMarkers(owner.client, version, 'format=avid', file, { apply: true }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(expect.arrayContaining([201]));
    expect(results.reduce((n, r) => n + r.body.data.created, 0)).toBe(40);
    const comments = (await owner.client.get(`/api/v1/versions/${version}/comments`)).body.data;
    expect(comments).toHaveLength(40);
  });

  it("a version's own export imported back onto it creates nothing (the notes are already there)", async () => {
    const version = await createVersion(app, owner.orgId, deliverableId, df2997);
    for (const [frame, body] of [
      [0, 'First'],
      [1799, 'Before the minute'],
      [1800, 'After the minute'],
    ] as const)
      expect((await owner.client.post(`/api/v1/versions/${version}/comments`, { body, frame })).status).toBe(
        201,
      );
    for (const format of ['edl', 'resolve-edl', 'fcpxml', 'xmeml', 'avid', 'csv']) {
      const file = await exportText(owner.client, version, `format=${format}`);
      const res = await sendMarkers(owner.client, version, `format=${format}`, file.text, { apply: true });
      expect(res.status, format).toBe(200);
      expect(res.body.data.counts, format).toMatchObject({ create: 0, already_on_version: 3 });
    }
    expect((await owner.client.get(`/api/v1/versions/${version}/comments`)).body.data).toHaveLength(3);
  });

  it('export from one version, import on another with a different start timecode: by start, same frames', async () => {
    const v1 = await createVersion(app, owner.orgId, deliverableId, df2997);
    const v2 = await createVersion(app, owner.orgId, deliverableId, { ...df2997, startFrame: 0 });
    for (const frame of [0, 1799, 1800, 17981])
      expect(
        (await owner.client.post(`/api/v1/versions/${v1}/comments`, { body: `at ${frame}`, frame })).status,
      ).toBe(201);
    const fcpxml = (await exportText(owner.client, v1, 'format=fcpxml')).text;
    const byTimecode = await sendMarkers(owner.client, v2, 'format=fcpxml', fcpxml);
    expect(byTimecode.body.data.counts.out_of_range).toBe(4);
    expect(byTimecode.body.data.warnings.map((w: { code: string }) => w.code)).toEqual([
      'start_timecode_differs',
    ]);
    const byStart = await sendMarkers(owner.client, v2, 'format=fcpxml&align=start', fcpxml, { apply: true });
    expect(byStart.status).toBe(201);
    const comments = (await owner.client.get(`/api/v1/versions/${v2}/comments`)).body.data;
    expect(comments.map((c: { frame: number; timecode: string }) => [c.frame, c.timecode])).toEqual([
      [0, '00:00:00;00'],
      [1799, '00:00:59;29'],
      [1800, '00:01:00;02'],
      [17981, '00:09:59;29'],
    ]);
  });
});

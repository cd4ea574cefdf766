import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  addVersionWithFile,
  type ReviewEnv,
  startReviewEnv,
  uploadRow,
  waitFor,
} from './frameio-review-fixtures.ts';
import { MiB, uploadHelpers } from './frameio-upload-fixtures.ts';

/** Send to Frame.io: parts uploaded in parallel from disk, and one run per upload at a time. */
let t: ReviewEnv;
let stopWorker: (() => Promise<void>) | undefined;
let defaults: typeof t.app.preroll.frameio.uploads.tuning;
beforeAll(async () => {
  t = await startReviewEnv();
  defaults = { ...t.app.preroll.frameio.uploads.tuning };
});
afterEach(async () => {
  await stopWorker?.();
  stopWorker = undefined;
  t.proxy.rules = [];
  t.proxy.releaseStalled();
  t.app.preroll.frameio.uploads.tuning = { ...defaults };
});
afterAll(async () => {
  await t?.close();
});

const { setup, untilStatus, facts } = uploadHelpers(() => t);

describe('Send to Frame.io: parallel parts', () => {
  it('uploads 60 MiB in parallel parts streamed from disk; SHA-256 equal on both sides, each part PUT once, progress events', async () => {
    const { owner, deliverableId } = await setup();
    const v = await addVersionWithFile(t.app, owner.orgId, deliverableId, 60 * MiB);
    const events: Array<{ type: string; data: Record<string, unknown> }> = [];
    const unsubscribe = t.app.preroll.events.subscribe(owner.orgId, (e) => {
      if (e.type === 'frameio.upload.progress') events.push({ ...e, data: { ...e.data, __at: Date.now() } });
    });
    t.proxy.maxPartPutsInFlight = 0;
    stopWorker = t.app.preroll.startWorker();
    const sent = await owner.client.post(`/api/v1/versions/${v.id}/frameio`);
    expect(sent.status).toBe(202);
    expect(['queued', 'uploading']).toContain(sent.body.data.status);
    const done = await untilStatus(owner, v.id, ['transcoded']);
    unsubscribe();
    const f = facts(done.remote_file_id);
    expect(f.sha256).toBe(v.sha256);
    expect(f.file_size).toBe(60 * MiB);
    expect(f.parts.length).toBe(3);
    expect(f.parts.map((p) => p.puts)).toEqual([1, 1, 1]);
    expect(done.parts_total).toBe(3);
    expect(done.parts_done).toBe(3);
    expect(t.proxy.maxPartPutsInFlight).toBeGreaterThanOrEqual(2);
    // Content-Type was the file's media_type (the sandbox refuses anything else with 403).
    expect(f.media_type).toBe('video/mp4');
    // ≤ 2 events per second per job run, plus the final one.
    const times = events.map((e) => Number(e.data.__at));
    for (let i = 1; i < times.length - 1; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(450);
    const last = events.at(-1)!.data;
    expect(last).toMatchObject({
      version_id: v.id,
      deliverable_id: deliverableId,
      bytes_done: 60 * MiB,
      file_size: 60 * MiB,
    });
    expect(typeof last.speed_bps).toBe('number');
    for (const e of events) expect(e.data).not.toHaveProperty('client_id');
  });
});

describe('one run per upload', () => {
  it('a run finding the upload leased by another (live) run sends nothing and tries again shortly', async () => {
    const { owner, deliverableId } = await setup();
    const v = await addVersionWithFile(t.app, owner.orgId, deliverableId, 3000);
    const sent = await owner.client.post(`/api/v1/versions/${v.id}/frameio`);
    expect(sent.status).toBe(202);
    const busyUntil = new Date(Date.now() + 60_000).toISOString();
    await t.app.preroll.db
      .updateTable('frameio_uploads')
      .set({ lease_owner: 'other-worker:job:1', lease_until: busyUntil })
      .where('version_id', '=', v.id)
      .execute();
    const putsBefore = t.proxy.calls.filter((c) => c.startsWith('PUT /_s3/')).length;
    stopWorker = t.app.preroll.startWorker();
    const followUp = await waitFor('a follow-up job', async () => {
      const jobs = await t.app.preroll.db
        .selectFrom('jobs')
        .selectAll()
        .where('org_id', '=', owner.orgId)
        .where('type', '=', 'frameio.upload-version')
        .where('status', '=', 'queued')
        .where('idempotency_key', 'like', '%:after:%')
        .execute();
      return jobs[0];
    });
    expect(Date.parse(followUp.run_at) - Date.now()).toBeGreaterThan(1_000);
    expect(t.proxy.calls.filter((c) => c.startsWith('PUT /_s3/')).length).toBe(putsBefore);
    expect((await uploadRow(t.app, v.id))!.lease_owner).toBe('other-worker:job:1');
    // The other run's lease runs out: the follow-up takes over and finishes.
    await t.app.preroll.db
      .updateTable('frameio_uploads')
      .set({ lease_until: '2000-01-01T00:00:00.000Z' })
      .where('version_id', '=', v.id)
      .execute();
    const done = await untilStatus(owner, v.id, ['uploaded', 'transcoded']);
    expect(facts(done.remote_file_id).sha256).toBe(v.sha256);
    // Released when the run ends (after the stack and share steps that follow "uploaded").
    await waitFor('lease released', async () => (await uploadRow(t.app, v.id))!.lease_owner === null);
  });
});

describe('Send to Frame.io sends the original', () => {
  it('a version with a playback proxy: the bytes Frame.io receives are the original’s (Frame.io makes its own proxies)', async () => {
    const { owner, deliverableId } = await setup();
    const v = await addVersionWithFile(t.app, owner.orgId, deliverableId, 3 * MiB, 'master.mov');
    // A proxy made by the media pipeline, smaller and different.
    const proxyKey = `derived/${v.id}/proxy.mp4`;
    const proxyPath = path.join(t.app.dataDir, 'uploads', proxyKey);
    fs.mkdirSync(path.dirname(proxyPath), { recursive: true });
    fs.writeFileSync(proxyPath, Buffer.alloc(MiB, 7));
    await t.app.preroll.store.versions.update(owner.orgId, v.id, {
      proxy_status: 'ready',
      proxy_key: proxyKey,
    });
    const shown = await owner.client.get(`/api/v1/versions/${v.id}`);
    expect(shown.body.data.playback_url).toBe(`/api/v1/versions/${v.id}/playback`);

    stopWorker = t.app.preroll.startWorker();
    expect((await owner.client.post(`/api/v1/versions/${v.id}/frameio`)).status).toBe(202);
    const done = await untilStatus(owner, v.id, ['transcoded']);
    const f = facts(done.remote_file_id);
    expect(f.sha256).toBe(v.sha256);
    expect(f.file_size).toBe(3 * MiB);
  });
});

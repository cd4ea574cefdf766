import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addVersionWithFile, type ReviewEnv, startReviewEnv, waitFor } from './frameio-review-fixtures.ts';
import { uploadHelpers } from './frameio-upload-fixtures.ts';

/** Send to Frame.io errors a user can act on: no write access, rate limits, files too large. */
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

const { setup, state, untilStatus, facts } = uploadHelpers(() => t);

describe('errors users can act on', () => {
  it('403 on write: failed with frameio_no_write_access naming the user, workspace and account; Retry continues', async () => {
    const { owner, deliverableId } = await setup();
    const v = await addVersionWithFile(t.app, owner.orgId, deliverableId, 2000);
    t.proxy.rules = [
      {
        method: 'POST',
        path: /\/files\/local_upload$/,
        status: 403,
        body: JSON.stringify({ errors: [{ detail: 'Forbidden' }] }),
      },
    ];
    // The owner watches nothing here, so only pressing Send can bring them the failure notice.
    await t.app.preroll.db.deleteFrom('watches').where('user_id', '=', owner.userId).execute();
    stopWorker = t.app.preroll.startWorker();
    expect((await owner.client.post(`/api/v1/versions/${v.id}/frameio`)).status).toBe(202);
    const failed = await untilStatus(owner, v.id, ['failed']);
    expect(failed.error.code).toBe('frameio_no_write_access');
    expect(failed.error.message).toContain('Sandbox Workspace');
    expect(failed.error.message).toContain('Sandbox Studio');
    expect(failed.error.message).toContain('Alex Producer');
    expect(failed.error.action).toMatch(/edit access/);
    expect(failed.remote_file_id).toBeNull();
    // The member who pressed Send is told (docs/notifications.md, "Who receives what"), once.
    const told = await waitFor('the failure notification', async () => {
      const inbox = (await owner.client.get('/api/v1/notifications')).body.data as Array<{
        kind: string;
        title: string;
        excerpt: string;
      }>;
      const got = inbox.filter((n) => n.kind === 'failure');
      return got.length > 0 ? got : undefined;
    });
    expect(told).toHaveLength(1);
    expect(told[0]!.title).toMatch(/^Send to Frame\.io failed for .+ v1$/);
    expect(told[0]!.excerpt).toBe(failed.error.message);
    // Retry after access was granted.
    t.proxy.rules = [];
    const again = await owner.client.post(`/api/v1/versions/${v.id}/frameio/retry`);
    expect(again.status).toBe(202);
    expect(again.body.data.error).toBeNull();
    const done = await untilStatus(owner, v.id, ['uploaded', 'transcoded']);
    expect(facts(done.remote_file_id).sha256).toBe(v.sha256);
    // Retrying something that did not fail is a 409, with nothing changed.
    const noop = await owner.client.post(`/api/v1/versions/${v.id}/frameio/retry`);
    expect(noop.status).toBe(409);
    expect(noop.body.error.code).toBe('frameio_upload_not_failed');
  });

  it('a long Frame.io rate limit reschedules the job and says when', async () => {
    const { owner, deliverableId } = await setup();
    const v = await addVersionWithFile(t.app, owner.orgId, deliverableId, 500);
    t.proxy.rules = [
      {
        method: 'POST',
        path: /\/files\/local_upload$/,
        status: 429,
        headers: { 'retry-after': '600' },
        body: JSON.stringify({ errors: [{ detail: 'Too many requests' }] }),
      },
    ];
    stopWorker = t.app.preroll.startWorker();
    expect((await owner.client.post(`/api/v1/versions/${v.id}/frameio`)).status).toBe(202);
    const waiting = await waitFor('rescheduled', async () => {
      const s = await state(owner, v.id);
      return s.error?.code === 'frameio_rate_limited' ? s : undefined;
    });
    expect(waiting.error.message).toMatch(/^Frame\.io rate limit; retrying at \d{4}-/);
    expect(Date.parse(waiting.retry_at) - Date.now()).toBeGreaterThan(500_000);
    const next = await t.app.preroll.db
      .selectFrom('jobs')
      .selectAll()
      .where('type', '=', 'frameio.upload-version')
      .where('org_id', '=', owner.orgId)
      .where('status', '=', 'queued')
      .execute();
    expect(next).toHaveLength(1);
    expect(next[0]!.run_at).toBe(waiting.retry_at);
    const retry = await owner.client.post(`/api/v1/versions/${v.id}/frameio/retry`);
    expect(retry.status).toBe(409);
  });

  it('Frame.io refusing the file size (storage quota) fails with frameio_file_too_large', async () => {
    const { owner, deliverableId } = await setup();
    const v = await addVersionWithFile(t.app, owner.orgId, deliverableId, 700);
    t.proxy.rules = [
      {
        method: 'POST',
        path: /\/files\/local_upload$/,
        status: 422,
        body: JSON.stringify({
          errors: [
            {
              detail: 'Storage limit exceeded',
              source: { pointer: '/data/file_size' },
              title: 'Invalid value',
            },
          ],
        }),
      },
    ];
    stopWorker = t.app.preroll.startWorker();
    expect((await owner.client.post(`/api/v1/versions/${v.id}/frameio`)).status).toBe(202);
    const failed = await untilStatus(owner, v.id, ['failed']);
    expect(failed.error.code).toBe('frameio_file_too_large');
    expect(failed.error.message).toContain('Storage limit exceeded');
    expect(failed.error.action).toMatch(/5 TB/);
  });

  it('a file larger than Frame.io accepts fails with frameio_file_too_large before any upload', async () => {
    const { owner, deliverableId } = await setup();
    const v = await addVersionWithFile(t.app, owner.orgId, deliverableId, 10);
    await t.app.preroll.db
      .updateTable('deliverable_versions')
      .set({ size_bytes: 6_000_000_000_000 })
      .where('id', '=', v.id)
      .execute();
    stopWorker = t.app.preroll.startWorker();
    expect((await owner.client.post(`/api/v1/versions/${v.id}/frameio`)).status).toBe(202);
    const failed = await untilStatus(owner, v.id, ['failed']);
    expect(failed.error.code).toBe('frameio_file_too_large');
    expect(failed.remote_file_id).toBeNull();
  });
});

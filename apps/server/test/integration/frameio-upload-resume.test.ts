import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  addVersionWithFile,
  type ReviewEnv,
  SEED_IDS,
  sandboxGet,
  startReviewEnv,
  uploadRow,
  waitFor,
} from './frameio-review-fixtures.ts';
import { MiB, uploadHelpers } from './frameio-upload-fixtures.ts';

/** Send to Frame.io after a failure: a killed worker, refused parts, expired URLs, a lost record. */
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const workerScript = path.resolve(here, '../fixtures/frameio-worker-process.ts');

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

describe('resume', () => {
  it('kill -9 of the worker process mid-upload: a restarted worker re-sends only unfinished parts', async () => {
    const { owner, deliverableId } = await setup();
    const v = await addVersionWithFile(t.app, owner.orgId, deliverableId, 60 * MiB);
    t.proxy.stalled.add(3);
    const sent = await owner.client.post(`/api/v1/versions/${v.id}/frameio`);
    expect(sent.status).toBe(202);

    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      ...t.env,
      PREROLL_DATA_DIR: t.app.dataDir,
      LOG_LEVEL: 'silent',
      PREROLL_SEED_DEMO: 'off',
    };
    if (t.app.config.databaseUrl) env.DATABASE_URL = t.app.config.databaseUrl;
    else delete env.DATABASE_URL;
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', workerScript], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += String(d);
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    try {
      const row = await waitFor(
        'parts 1 and 2 recorded by the child',
        async () => {
          const r = await uploadRow(t.app, v.id);
          return r && JSON.parse(r.parts_done_json).length === 2 ? r : undefined;
        },
        45_000,
      ).catch((err) => {
        throw new Error(`${(err as Error).message}; child stderr: ${stderr.slice(0, 2000)}`);
      });
      expect(JSON.parse(row.parts_done_json)).toEqual([1, 2]);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    const fileId = (await uploadRow(t.app, v.id))!.remote_file_id!;
    expect(facts(fileId).parts.map((p) => p.puts)).toEqual([1, 1, 0]);
    t.proxy.releaseStalled();

    // The dead worker still holds the upload's lease (2 min) and the job's lock (reclaimed after the
    // visibility timeout, 5 min). Age both instead of waiting.
    expect((await uploadRow(t.app, v.id))!.lease_owner).toBeTruthy();
    await t.app.preroll.db
      .updateTable('frameio_uploads')
      .set({ lease_until: '2000-01-01T00:00:00.000Z' })
      .where('version_id', '=', v.id)
      .execute();
    await t.app.preroll.db
      .updateTable('jobs')
      .set({ locked_at: '2000-01-01T00:00:00.000Z' })
      .where('type', '=', 'frameio.upload-version')
      .where('status', '=', 'running')
      .where('org_id', '=', owner.orgId)
      .execute();
    stopWorker = t.app.preroll.startWorker();
    const done = await untilStatus(owner, v.id, ['uploaded', 'transcoded']);
    expect(done.remote_file_id).toBe(fileId);
    const f = facts(fileId);
    expect(f.parts.map((p) => p.puts)).toEqual([1, 1, 1]);
    expect(f.sha256).toBe(v.sha256);
  }, 90_000);

  it('Retry after a refused part continues where it stopped: finished parts are not sent again', async () => {
    const { owner, deliverableId } = await setup();
    const v = await addVersionWithFile(t.app, owner.orgId, deliverableId, 30 * MiB);
    t.app.preroll.frameio.uploads.tuning = { ...defaults, partAttempts: 2, concurrency: 1 };
    t.proxy.rules = [
      {
        method: 'PUT',
        path: /\/part_2$/,
        status: 403,
        body: '<Error><Code>SignatureDoesNotMatch</Code><Message>bad signature</Message></Error>',
      },
    ];
    stopWorker = t.app.preroll.startWorker();
    expect((await owner.client.post(`/api/v1/versions/${v.id}/frameio`)).status).toBe(202);
    const failed = await untilStatus(owner, v.id, ['failed']);
    expect(failed.error.code).toBe('frameio_upload_refused');
    expect(failed.error.message).toContain('SignatureDoesNotMatch');
    expect(failed.parts_done).toBe(1);
    expect(failed.bytes_done).toBe(15 * MiB);
    t.proxy.rules = [];
    const retried = await owner.client.post(`/api/v1/versions/${v.id}/frameio/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body.data.status).toBe('uploading');
    const done = await untilStatus(owner, v.id, ['uploaded', 'transcoded']);
    expect(done.remote_file_id).toBe(failed.remote_file_id);
    expect(facts(done.remote_file_id).parts.map((p) => p.puts)).toEqual([1, 1]);
    expect(facts(done.remote_file_id).sha256).toBe(v.sha256);
  });

  it('expired upload URLs mid-upload: the placeholder is replaced by a new file and every part is sent to it', async () => {
    const { owner, deliverableId } = await setup();
    const v = await addVersionWithFile(t.app, owner.orgId, deliverableId, 30 * MiB);
    // One part at a time, so part 1 is recorded before part 2 fails.
    t.app.preroll.frameio.uploads.tuning = { ...defaults, partAttempts: 1, concurrency: 1 };
    // Part 2 fails (a 503 from the upload endpoint) until the URLs have expired.
    t.proxy.rules = [
      { method: 'PUT', path: /\/part_2$/, status: 503, body: '<Error><Code>SlowDown</Code></Error>' },
    ];
    stopWorker = t.app.preroll.startWorker();
    expect((await owner.client.post(`/api/v1/versions/${v.id}/frameio`)).status).toBe(202);
    const first = await waitFor('part 1 done, part 2 failing', async () => {
      const r = await uploadRow(t.app, v.id);
      return r?.error_code && JSON.parse(r.parts_done_json).length === 1 ? r : undefined;
    });
    const oldFile = first.remote_file_id!;
    t.sandbox.control.expireUploadUrls(oldFile);
    t.proxy.rules = [];
    const done = await untilStatus(owner, v.id, ['uploaded', 'transcoded']);
    expect(done.remote_file_id).not.toBe(oldFile);
    expect(facts(done.remote_file_id).sha256).toBe(v.sha256);
    expect(facts(done.remote_file_id).parts.map((p) => p.puts)).toEqual([1, 1]);
    expect((await sandboxGet(t, `/v4/accounts/${SEED_IDS.accountId}/files/${oldFile}`)).status).toBe(404);
  }, 60_000);

  it('URLs known to be expired before a retry are not used: a new file is requested first', async () => {
    const { owner, deliverableId } = await setup();
    const v = await addVersionWithFile(t.app, owner.orgId, deliverableId, 1000);
    t.app.preroll.frameio.uploads.tuning = { ...defaults, partAttempts: 1 };
    t.proxy.rules = [
      {
        method: 'PUT',
        path: /\/part_1$/,
        status: 403,
        body: '<Error><Code>AccessDenied</Code><Message>nope</Message></Error>',
      },
    ];
    stopWorker = t.app.preroll.startWorker();
    expect((await owner.client.post(`/api/v1/versions/${v.id}/frameio`)).status).toBe(202);
    const failed = await untilStatus(owner, v.id, ['failed']);
    expect(failed.error.code).toBe('frameio_upload_refused');
    expect(failed.error.action).toMatch(/Retry/);
    t.proxy.rules = [];
    const oldFile = failed.remote_file_id;
    // The recorded expiry has passed (as after a long outage).
    await t.app.preroll.db
      .updateTable('frameio_uploads')
      .set({ urls_expire_at: new Date(Date.now() - 1000).toISOString() })
      .where('version_id', '=', v.id)
      .execute();
    const putsBefore = t.proxy.calls.filter((c) => c.startsWith('PUT /_s3/parts/')).length;
    const retried = await owner.client.post(`/api/v1/versions/${v.id}/frameio/retry`);
    expect(retried.status).toBe(202);
    const done = await untilStatus(owner, v.id, ['uploaded', 'transcoded']);
    expect(done.remote_file_id).not.toBe(oldFile);
    // One PUT in all, to the new file: none to the expired URLs.
    expect(t.proxy.calls.filter((c) => c.startsWith('PUT /_s3/parts/')).length - putsBefore).toBe(1);
    expect(facts(done.remote_file_id).parts.map((p) => p.puts)).toEqual([1]);
    expect(facts(done.remote_file_id).sha256).toBe(v.sha256);
    expect((await sandboxGet(t, `/v4/accounts/${SEED_IDS.accountId}/files/${oldFile}`)).status).toBe(404);
  });
});

describe('crash between the remote create and the record', () => {
  it('a finished file with the version’s name and size is adopted, not uploaded again', async () => {
    const { owner, deliverableId } = await setup();
    const v = await addVersionWithFile(t.app, owner.orgId, deliverableId, 5000);
    stopWorker = t.app.preroll.startWorker();
    expect((await owner.client.post(`/api/v1/versions/${v.id}/frameio`)).status).toBe(202);
    const first = await untilStatus(owner, v.id, ['transcoded']);
    await waitFor('lease released', async () => (await uploadRow(t.app, v.id))!.lease_owner === null);
    // Forget everything preroll recorded about the file, as if it crashed before writing it.
    const db = t.app.preroll.db;
    await db.deleteFrom('frameio_links').where('local_id', '=', v.id).execute();
    await db.deleteFrom('frameio_review_links').where('version_id', '=', v.id).execute();
    await db
      .updateTable('frameio_uploads')
      .set({ remote_file_id: null, parts_json: null, parts_done_json: '[]', bytes_done: 0, status: 'failed' })
      .where('version_id', '=', v.id)
      .execute();
    const putsBefore = t.proxy.calls.filter((c) => c.startsWith('PUT /_s3/')).length;
    expect((await owner.client.post(`/api/v1/versions/${v.id}/frameio/retry`)).status).toBe(202);
    const again = await waitFor('adopted and shared', async () => {
      const s = await state(owner, v.id);
      return (s.status === 'uploaded' || s.status === 'transcoded') && s.review_link ? s : undefined;
    });
    expect(again.remote_file_id).toBe(first.remote_file_id);
    expect(t.proxy.calls.filter((c) => c.startsWith('PUT /_s3/')).length).toBe(putsBefore);
    expect(again.review_link.short_url).not.toBe(first.review_link.short_url);
  });
});

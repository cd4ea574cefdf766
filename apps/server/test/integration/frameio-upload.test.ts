import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../helpers/test-app.ts';
import { makeClient, makeDeliverable, makeEpisode, makeShow } from './domain-fixtures.ts';
import { connectActive } from './frameio-fixtures.ts';
import {
  addVersionWithFile,
  type ReviewEnv,
  SEED_IDS,
  sandboxGet,
  startReviewEnv,
  uploadRow,
  waitFor,
} from './frameio-review-fixtures.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const workerScript = path.resolve(here, '../fixtures/frameio-worker-process.ts');
const MiB = 1024 * 1024;

let t: ReviewEnv;
let stopWorker: (() => Promise<void>) | undefined;
beforeAll(async () => {
  t = await startReviewEnv();
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
let defaults: typeof t.app.preroll.frameio.uploads.tuning;
beforeAll(() => {
  defaults = { ...t.app.preroll.frameio.uploads.tuning };
});

const uniq = () => Math.random().toString(36).slice(2, 8);
type Owner = Awaited<ReturnType<typeof signUp>>;

async function setup(): Promise<{ owner: Owner; deliverableId: string }> {
  const owner = await signUp(t.app);
  await connectActive(t, owner.client);
  const client = await makeClient(owner.client, { name: `Client ${uniq()}` });
  const show = await makeShow(owner.client, client.id, { title: `Show ${uniq()}` });
  const episode = await makeEpisode(owner.client, show.id, { title: `Episode ${uniq()}` });
  const deliverable = await makeDeliverable(owner.client, episode.id, { title: `Cut ${uniq()}` });
  return { owner, deliverableId: deliverable.id };
}

const state = async (owner: Owner, versionId: string) => {
  const res = await owner.client.get(`/api/v1/versions/${versionId}/frameio`);
  expect(res.status).toBe(200);
  return res.body.data;
};

const untilStatus = (owner: Owner, versionId: string, statuses: string[], ms = 60_000) =>
  waitFor(
    `${versionId} in ${statuses.join('|')}`,
    async () => {
      const s = await state(owner, versionId);
      return statuses.includes(s.status) ? s : undefined;
    },
    ms,
  );

const facts = (fileId: string) => t.sandbox.control.uploadFacts(fileId);

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
    stopWorker = t.app.preroll.startWorker();
    expect((await owner.client.post(`/api/v1/versions/${v.id}/frameio`)).status).toBe(202);
    const failed = await untilStatus(owner, v.id, ['failed']);
    expect(failed.error.code).toBe('frameio_no_write_access');
    expect(failed.error.message).toContain('Sandbox Workspace');
    expect(failed.error.message).toContain('Sandbox Studio');
    expect(failed.error.message).toContain('Alex Producer');
    expect(failed.error.action).toMatch(/edit access/);
    expect(failed.remote_file_id).toBeNull();
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

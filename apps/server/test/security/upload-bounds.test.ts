import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createDeliverable } from '../helpers/factories.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  b64,
  createUpload,
  patchUpload,
  rawRequest,
  tusDirSnapshot,
  tusHeaders,
} from '../helpers/tus-raw.ts';

/**
 * Uploads have bounds: a maximum size (PREROLL_MAX_UPLOAD_BYTES), a declared length (no
 * Upload-Defer-Length), room on the disk (PREROLL_UPLOAD_DISK_RESERVE_BYTES to spare), and a
 * lifetime for unfinished uploads (PREROLL_UPLOAD_EXPIRY_HOURS, swept by the `uploads.expire` job).
 * Every refusal happens when the upload is created, before any byte, and leaves nothing behind.
 */
const MAX = 1_000_000;
let app: TestApp;
let apiKey: string;
let deliverableId: string;

beforeAll(async () => {
  app = await startTestApp({ PREROLL_MAX_UPLOAD_BYTES: String(MAX) });
  const owner = await signUp(app);
  apiKey = await createApiKey(owner.client);
  ({ deliverableId } = await createDeliverable(app, owner.orgId));
});
afterAll(async () => {
  await app?.close();
});

const createHeaders = (extra: Record<string, string>) =>
  tusHeaders(apiKey, { 'upload-metadata': `deliverable_id ${b64(deliverableId)}`, ...extra });

const versionCount = async () =>
  (
    await app.preroll.db
      .selectFrom('deliverable_versions')
      .select('id')
      .where('deliverable_id', '=', deliverableId)
      .execute()
  ).length;

describe('size', () => {
  it('Upload-Length 2^60 → 413 upload_too_large with max_bytes; nothing is created', async () => {
    const before = tusDirSnapshot(app);
    const res = await rawRequest(
      app,
      'POST',
      '/api/v1/uploads',
      createHeaders({ 'upload-length': String(2 ** 60) }),
    );
    expect(res.status).toBe(413);
    expect(res.json.error).toMatchObject({ code: 'upload_too_large', max_bytes: MAX });
    expect(tusDirSnapshot(app)).toEqual(before);
  });

  it('one byte over PREROLL_MAX_UPLOAD_BYTES → 413; exactly the maximum is accepted', async () => {
    const over = await rawRequest(
      app,
      'POST',
      '/api/v1/uploads',
      createHeaders({ 'upload-length': String(MAX + 1) }),
    );
    expect(over.status).toBe(413);
    expect(over.json.error.code).toBe('upload_too_large');
    const exact = await rawRequest(
      app,
      'POST',
      '/api/v1/uploads',
      createHeaders({ 'upload-length': String(MAX) }),
    );
    expect(exact.status).toBe(201);
  });

  it('an upload of unknown length (Upload-Defer-Length) → 400 invalid_upload_length; nothing is created', async () => {
    const before = tusDirSnapshot(app);
    const res = await rawRequest(
      app,
      'POST',
      '/api/v1/uploads',
      createHeaders({ 'upload-defer-length': '1' }),
    );
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_upload_length');
    expect(tusDirSnapshot(app)).toEqual(before);
  });

  it('OPTIONS advertises the maximum (Tus-Max-Size) and no creation-defer-length', async () => {
    const res = await rawRequest(app, 'OPTIONS', '/api/v1/uploads');
    expect(res.headers['tus-max-size']).toBe(String(MAX));
    expect(res.headers['tus-extension']).not.toContain('creation-defer-length');
  });

  it('a PATCH with more bytes than the declared length → 413 and nothing past the length is written', async () => {
    const id = await createUpload(app, apiKey, deliverableId, 10);
    const res = await patchUpload(app, apiKey, id, 0, Buffer.alloc(11, 1));
    expect(res.status).toBe(413);
    expect(fs.statSync(path.join(app.dataDir, 'uploads', 'tus', id)).size).toBe(0);
  });
});

describe('free disk space', () => {
  it('an upload that would not leave PREROLL_UPLOAD_DISK_RESERVE_BYTES free → 507 storage_full before any byte', async () => {
    // A reserve larger than any disk makes every upload "not fit" without filling a real disk;
    // storage-errors.test.ts shows the same refusal on a real, small file system.
    const tight = await startTestApp({ PREROLL_UPLOAD_DISK_RESERVE_BYTES: String(2 ** 52) });
    try {
      const owner = await signUp(tight);
      const key = await createApiKey(owner.client);
      const { deliverableId: d } = await createDeliverable(tight, owner.orgId);
      const before = tusDirSnapshot(tight);
      const res = await rawRequest(
        tight,
        'POST',
        '/api/v1/uploads',
        tusHeaders(key, {
          'upload-length': '10',
          'upload-metadata': `deliverable_id ${b64(d)}`,
          'content-type': 'application/offset+octet-stream',
        }),
        Buffer.from('0123456789'),
      );
      expect(res.status).toBe(507);
      expect(res.json.error.code).toBe('storage_full');
      expect(tusDirSnapshot(tight)).toEqual(before);
      const versions = await tight.preroll.db.selectFrom('deliverable_versions').select('id').execute();
      expect(versions).toEqual([]);
    } finally {
      await tight.close();
    }
  });
});

describe('unfinished uploads expire', () => {
  const DAY = 24 * 3_600_000;
  const tusDir = () => path.join(app.dataDir, 'uploads', 'tus');

  /** Makes an upload look as if it was created and last written `ms` ago. */
  function age(id: string, ms: number): void {
    const then = new Date(Date.now() - ms);
    const infoFile = path.join(tusDir(), `${id}.json`);
    const info = JSON.parse(fs.readFileSync(infoFile, 'utf8'));
    fs.writeFileSync(infoFile, JSON.stringify({ ...info, creation_date: then.toISOString() }));
    fs.utimesSync(path.join(tusDir(), id), then, then);
  }

  it('the uploads.expire job removes an unfinished upload idle for over 7 days (default); it then answers 404; finished and recent ones stay', async () => {
    // Idle for 8 days: 4 of 10 bytes received.
    const idle = await createUpload(app, apiKey, deliverableId, 10);
    expect((await patchUpload(app, apiKey, idle, 0, Buffer.from('0123'))).status).toBe(204);
    age(idle, 8 * DAY);
    // Finished 30 days ago: it is a version's file.
    const bytes = randomBytes(64);
    const finished = await createUpload(app, apiKey, deliverableId, bytes.length);
    const done = await patchUpload(app, apiKey, finished, 0, bytes);
    expect(done.status).toBe(204);
    const versionId = String(done.headers['preroll-version-id']);
    age(finished, 30 * DAY);
    // Unfinished but received bytes 6 days ago: still within the expiry.
    const recent = await createUpload(app, apiKey, deliverableId, 10);
    age(recent, 6 * DAY);

    const stopWorker = app.preroll.startWorker();
    try {
      // The sweep for the current hour was enqueued when the server started.
      for (let i = 0; i < 100 && fs.existsSync(path.join(tusDir(), idle)); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await stopWorker();
    }

    expect(fs.existsSync(path.join(tusDir(), idle))).toBe(false);
    expect(fs.existsSync(path.join(tusDir(), `${idle}.json`))).toBe(false);
    const head = await rawRequest(app, 'HEAD', `/api/v1/uploads/${idle}`, tusHeaders(apiKey));
    expect(head.status).toBe(404);
    const patch = await patchUpload(app, apiKey, idle, 4, Buffer.from('456789'));
    expect(patch.status).toBe(404);
    expect(patch.json.error.code).toBe('not_found');

    // The finished upload is untouched and still streams as its version.
    expect(fs.readFileSync(path.join(tusDir(), finished))).toEqual(bytes);
    const media = await fetch(`${app.url}/api/v1/versions/${versionId}/media`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(media.status).toBe(200);
    expect(
      createHash('sha256')
        .update(Buffer.from(await media.arrayBuffer()))
        .digest('hex'),
    ).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await versionCount()).toBeGreaterThanOrEqual(1);
    // The recent one is kept and resumable.
    const recentHead = await rawRequest(app, 'HEAD', `/api/v1/uploads/${recent}`, tusHeaders(apiKey));
    expect(recentHead.status).toBe(200);
    expect(recentHead.headers['upload-offset']).toBe('0');
  });

  it('the sweep re-enqueues itself for the next hour (one chain, however many times it runs)', async () => {
    const jobs = await app.preroll.db
      .selectFrom('jobs')
      .select(['status', 'run_at', 'org_id'])
      .where('type', '=', 'uploads.expire')
      .orderBy('run_at')
      .execute();
    expect(jobs.map((j) => j.status)).toEqual(['done', 'queued']);
    expect(Date.parse(jobs[1]!.run_at) - Date.parse(jobs[0]!.run_at)).toBe(3_600_000);
    expect(jobs.every((j) => j.org_id === null)).toBe(true);
    // Starting again (another process, a restart) adds nothing for the same hour.
    await app.preroll.services.versions.expiry.ensureScheduled();
    const again = await app.preroll.db
      .selectFrom('jobs')
      .select('id')
      .where('type', '=', 'uploads.expire')
      .execute();
    expect(again).toHaveLength(2);
  });

  it('a sweep run again (a retried job) removes nothing more: the job is idempotent', async () => {
    expect(await app.preroll.services.versions.expiry.removeExpired()).toEqual([]);
    expect(await versionCount()).toBeGreaterThanOrEqual(1);
  });
});

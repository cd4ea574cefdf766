import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createDeliverable, settleVersion } from '../helpers/factories.ts';
import { captureWarnings, type LogEntry } from '../helpers/log-capture.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  b64,
  createUpload,
  patchUpload,
  type RawResponse,
  rawRequest,
  tusDirSnapshot,
  tusHeaders,
} from '../helpers/tus-raw.ts';

/**
 * Upload storage failing under a running server: a full disk and a read-only one, made real with
 * a small tmpfs and a read-only bind mount over the tus directory (the tests run as root, so
 * chmod cannot make a directory unwritable). Before, the client got a plain-text 500 naming the
 * server path (`EROFS: read-only file system, open '/…/uploads/tus/…'`).
 *
 * Promise: the answer is our JSON error (507 storage_full, 503 storage_unavailable) with no path
 * and no errno; the raw error goes to the server log; the bytes already received are kept, and
 * the upload resumes from HEAD's offset once the disk is fixed.
 */

/** Mounting needs CAP_SYS_ADMIN: true on the project's machines and CI (root); probed, not assumed. */
function mountWorks(): boolean {
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

const mounted: string[] = [];
function mount(args: string[], target: string): void {
  execFileSync('mount', [...args, target], { stdio: 'pipe' });
  mounted.push(target);
}
function unmount(target: string): void {
  execFileSync('umount', [target], { stdio: 'pipe' });
  mounted.splice(mounted.lastIndexOf(target), 1);
}

let app: TestApp;
let apiKey: string;
let deliverableId: string;
let logged: LogEntry[] = [];
const tusDir = () => path.join(app.dataDir, 'uploads', 'tus');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  // No reserve: the tmpfs below is 1 MiB and the test decides what fits.
  app = await startTestApp({ PREROLL_UPLOAD_DISK_RESERVE_BYTES: '0' });
  const owner = await signUp(app);
  apiKey = await createApiKey(owner.client);
  ({ deliverableId } = await createDeliverable(app, owner.orgId));
  logged = captureWarnings(app);
});
afterEach(() => {
  logged.length = 0;
  // Whatever a failed assertion left mounted goes away before the next test.
  while (mounted.length > 0) execFileSync('umount', ['-l', mounted.pop()!], { stdio: 'ignore' });
});
afterAll(async () => {
  await app?.close();
});

/** The errno of the storage failure the upload route logged (the raw error stays server-side). */
function loggedErrno(): string | undefined {
  const entry = logged.find((l) => l.message === 'upload storage failure');
  const err = entry?.details.err as { code?: string; errno?: string } | undefined;
  return err?.code ?? err?.errno;
}

/** Our JSON error, with nothing of the server's file system in it. */
function expectCleanError(res: RawResponse, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.json?.error?.code).toBe(code);
  expect(res.json.error.message).toEqual(expect.any(String));
  for (const leak of [app.dataDir, '/uploads/tus', 'ENOSPC', 'EROFS', 'EACCES', 'errno'])
    expect(res.text).not.toContain(leak);
}

async function headOffset(id: string): Promise<number> {
  const head = await rawRequest(app, 'HEAD', `/api/v1/uploads/${id}`, tusHeaders(apiKey));
  expect(head.status).toBe(200);
  return Number(head.headers['upload-offset']);
}

async function finishAndCheck(id: string, bytes: Buffer): Promise<void> {
  const offset = await headOffset(id);
  const rest = await patchUpload(app, apiKey, id, offset, bytes.subarray(offset));
  expect(rest.status).toBe(204);
  await settleVersion(app, String(rest.headers['preroll-version-id']));
  const version = await app.preroll.db
    .selectFrom('deliverable_versions')
    .select(['sha256', 'size_bytes'])
    .where('id', '=', String(rest.headers['preroll-version-id']))
    .executeTakeFirstOrThrow();
  expect(version).toEqual({ sha256: sha256(bytes), size_bytes: bytes.length });
}

describe.runIf(mountWorks())('disk full (a 1 MiB tmpfs is the tus directory)', () => {
  const KIB = 1024;

  it('an upload larger than the free space → 507 storage_full at creation, before any byte', async () => {
    mount(['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'tmpfs'], tusDir());
    const res = await rawRequest(
      app,
      'POST',
      '/api/v1/uploads',
      tusHeaders(apiKey, {
        'upload-length': String(2 * 1024 * KIB),
        'upload-metadata': `deliverable_id ${b64(deliverableId)}`,
      }),
    );
    expectCleanError(res, 507, 'storage_full');
    expect(fs.readdirSync(tusDir())).toEqual([]);
    unmount(tusDir());
  });

  it('the disk filling up mid-upload → 507 storage_full (no path); the bytes that fit are kept, and after space is freed the upload resumes and completes', async () => {
    mount(['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'tmpfs'], tusDir());
    const bytes = randomBytes(600 * KIB);
    const id = await createUpload(app, apiKey, deliverableId, bytes.length);
    // Someone else fills the disk: about 300 KiB stay free.
    const ballast = path.join(tusDir(), 'ballast');
    fs.writeFileSync(ballast, Buffer.alloc(700 * KIB));

    const full = await patchUpload(app, apiKey, id, 0, bytes);
    expectCleanError(full, 507, 'storage_full');
    expect(loggedErrno()).toBe('ENOSPC');

    const kept = await headOffset(id);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(bytes.length);
    expect(fs.readFileSync(path.join(tusDir(), id))).toEqual(bytes.subarray(0, kept));

    fs.rmSync(ballast);
    await finishAndCheck(id, bytes);
    unmount(tusDir());
  });
});

describe.runIf(mountWorks())('read-only storage (a read-only bind mount over the tus directory)', () => {
  function readOnly(): void {
    mount(['--bind', tusDir()], tusDir());
    execFileSync('mount', ['-o', 'remount,ro,bind', tusDir()], { stdio: 'pipe' });
  }

  it('creating an upload → 503 storage_unavailable (no path), and nothing is created', async () => {
    const before = tusDirSnapshot(app);
    readOnly();
    const res = await rawRequest(
      app,
      'POST',
      '/api/v1/uploads',
      tusHeaders(apiKey, {
        'upload-length': '10',
        'upload-metadata': `deliverable_id ${b64(deliverableId)}`,
      }),
    );
    expectCleanError(res, 503, 'storage_unavailable');
    unmount(tusDir());
    expect(tusDirSnapshot(app)).toEqual(before);
  });

  it('a PATCH → 503 storage_unavailable (no path); the raw EROFS goes to the log; the bytes already received are kept and the upload resumes once storage is writable', async () => {
    const bytes = randomBytes(1000);
    const id = await createUpload(app, apiKey, deliverableId, bytes.length);
    expect((await patchUpload(app, apiKey, id, 0, bytes.subarray(0, 400))).status).toBe(204);
    readOnly();

    const res = await patchUpload(app, apiKey, id, 400, bytes.subarray(400));
    expectCleanError(res, 503, 'storage_unavailable');
    expect(loggedErrno()).toBe('EROFS');
    // Reading still works: HEAD reports what was kept.
    expect(await headOffset(id)).toBe(400);

    unmount(tusDir());
    await finishAndCheck(id, bytes);
  });

  it('DELETE of an unfinished upload → 503 storage_unavailable, and the upload is still there afterwards', async () => {
    const id = await createUpload(app, apiKey, deliverableId, 10);
    readOnly();
    const res = await rawRequest(app, 'DELETE', `/api/v1/uploads/${id}`, tusHeaders(apiKey));
    expectCleanError(res, 503, 'storage_unavailable');
    unmount(tusDir());
    expect(await headOffset(id)).toBe(0);
  });
});

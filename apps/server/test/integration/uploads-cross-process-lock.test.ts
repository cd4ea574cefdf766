import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { composePreroll, type Preroll } from '../../src/server.ts';
import { createApiKey, createDeliverable } from '../helpers/factories.ts';
import { TestClient } from '../helpers/http-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { rawRequest, tusHeaders } from '../helpers/tus-raw.ts';

/**
 * tus's per-upload lock across processes (docs/deploy.md, "Several processes"): two separately
 * composed servers, as two web processes behind a load balancer without sticky routing, share
 * one database and one data directory. A PATCH to one while the other writes the same upload
 * waits for the lock, asks the holder to let go, and then acts on the bytes the holder stored.
 */
let a: TestApp;
let bPreroll: Preroll;
let b: TestApp;
let apiKey: string;
let deliverableId: string;

beforeAll(async () => {
  a = await startTestApp();
  // The second "process": the same configuration (database, data dir), its own composition.
  const config = loadConfig({
    PORT: '0',
    PREROLL_DATA_DIR: a.dataDir,
    ...(a.config.databaseUrl ? { DATABASE_URL: a.config.databaseUrl } : {}),
    LOG_LEVEL: 'silent',
    PREROLL_SEED_DEMO: 'off',
    PREROLL_WORKER: 'off',
  });
  bPreroll = await composePreroll(config);
  const url = (await bPreroll.app.listen({ port: 0, host: '127.0.0.1' })).replace('[::1]', '127.0.0.1');
  b = { ...a, preroll: bPreroll, config, url, client: () => new TestClient(url), close: async () => {} };
  const owner = await signUp(a);
  apiKey = await createApiKey(owner.client);
  ({ deliverableId } = await createDeliverable(a, owner.orgId));
});
afterAll(async () => {
  await bPreroll?.close();
  await a?.close();
});

const metadata = (name: string) =>
  `deliverable_id ${Buffer.from(deliverableId).toString('base64')},filename ${Buffer.from(name).toString('base64')}`;

async function createUpload(app: TestApp, size: number, name: string): Promise<string> {
  const res = await rawRequest(
    app,
    'POST',
    '/api/v1/uploads',
    tusHeaders(apiKey, { 'upload-length': String(size), 'upload-metadata': metadata(name) }),
  );
  expect(res.status).toBe(201);
  return new URL(res.headers.location!, app.url).pathname;
}

const patchHeaders = (offset: number) =>
  tusHeaders(apiKey, { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' });

describe('tus lock shared by two server processes', () => {
  it('a PATCH to B while A holds the lock makes A let go; B then continues from A’s bytes, intact', async () => {
    const bytes = randomBytes(3 * 1024 * 1024);
    const half = 1024 * 1024;
    const path = await createUpload(a, bytes.length, 'lock.bin');

    // A: a PATCH that sends its first megabyte and then stalls, holding the lock.
    const { hostname, port } = new URL(a.url);
    const stalled = http.request({
      host: hostname,
      port,
      method: 'PATCH',
      path,
      headers: { ...patchHeaders(0), 'content-length': String(bytes.length) },
    });
    const stalledAnswer = new Promise<number>((resolve) => {
      stalled.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      stalled.on('error', () => resolve(0));
    });
    stalled.write(bytes.subarray(0, half));
    const lockedAt = Date.now() + 10_000;
    while ((await a.preroll.db.selectFrom('upload_locks').selectAll().execute()).length === 0) {
      if (Date.now() > lockedAt) throw new Error('A never took the lock');
      await new Promise((r) => setTimeout(r, 20));
    }
    // Wait until A has stored the first megabyte (HEAD takes no lock).
    for (;;) {
      const head = await rawRequest(a, 'HEAD', path, tusHeaders(apiKey));
      if (Number(head.headers['upload-offset']) === half) break;
      await new Promise((r) => setTimeout(r, 20));
    }

    // B: a PATCH from offset 0 (the client's stale idea). It waits for the lock, A is asked to
    // release, A's write ends with the bytes it stored, and B then finds offset 1 MiB: 409 per tus.
    const startedAt = Date.now();
    const stale = await rawRequest(b, 'PATCH', path, patchHeaders(0), bytes);
    expect(stale.status).toBe(409);
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    expect([0, 204]).toContain(await stalledAnswer);
    stalled.destroy();

    // B resumes as a tus client does: HEAD, then the rest from the offset.
    const head = await rawRequest(b, 'HEAD', path, tusHeaders(apiKey));
    const offset = Number(head.headers['upload-offset']);
    expect(offset).toBe(half);
    const rest = await rawRequest(b, 'PATCH', path, patchHeaders(offset), bytes.subarray(offset));
    expect(rest.status).toBe(204);
    const versionId = rest.headers['preroll-version-id'] as string;
    const version = await a.preroll.db
      .selectFrom('deliverable_versions')
      .select(['storage_key', 'size_bytes'])
      .where('id', '=', versionId)
      .executeTakeFirstOrThrow();
    expect(Number(version.size_bytes)).toBe(bytes.length);
    // Every byte is the one sent, in order: nothing written twice, nothing lost.
    const stored = fs.readFileSync(nodePath.join(a.dataDir, 'uploads', version.storage_key));
    expect(createHash('sha256').update(stored).digest('hex')).toBe(
      createHash('sha256').update(bytes).digest('hex'),
    );
    expect(await a.preroll.db.selectFrom('upload_locks').selectAll().execute()).toEqual([]);
  }, 60_000);

  it('a lock whose holder died (lease lapsed) is taken over at once', async () => {
    const bytes = randomBytes(64 * 1024);
    const path = await createUpload(a, bytes.length, 'lapsed.bin');
    const id = path.slice(path.lastIndexOf('/') + 1);
    await a.preroll.db
      .insertInto('upload_locks')
      .values({ upload_id: id, holder: 'crashed', expires_at: '2000-01-01T00:00:00.000Z', release_requested: 0 })
      .execute();
    const startedAt = Date.now();
    const res = await rawRequest(b, 'PATCH', path, patchHeaders(0), bytes);
    expect(res.status).toBe(204);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(await a.preroll.db.selectFrom('upload_locks').selectAll().execute()).toEqual([]);
  }, 30_000);
});

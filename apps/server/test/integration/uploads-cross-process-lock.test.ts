import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { composePreroll } from '../../src/server.ts';
import { createApiKey, createDeliverable } from '../helpers/factories.ts';
import { TestClient } from '../helpers/http-client.ts';
import { startS3TestServer } from '../helpers/s3-test-server.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { rawRequest, tusHeaders } from '../helpers/tus-raw.ts';

/**
 * tus's per-upload lock across processes (docs/deploy.md, "Several processes"): two separately
 * composed servers, as two web processes behind a load balancer without sticky routing, share
 * one database and one media storage (the data directory, or an S3 bucket). A PATCH to one while the other writes the same upload
 * waits for the lock, asks the holder to let go, and then acts on the bytes the holder stored.
 */
interface Pair {
  a: TestApp;
  b: TestApp;
  apiKey: string;
  deliverableId: string;
  close(): Promise<void>;
}

/** Server A as usual, and server B composed from the same configuration (database, storage). */
async function startPair(storageEnv: Record<string, string>): Promise<Pair> {
  const a = await startTestApp(storageEnv);
  const config = loadConfig({
    PORT: '0',
    PREROLL_DATA_DIR: a.dataDir,
    ...(a.config.databaseUrl ? { DATABASE_URL: a.config.databaseUrl } : {}),
    LOG_LEVEL: 'silent',
    PREROLL_SEED_DEMO: 'off',
    PREROLL_WORKER: 'off',
    ...storageEnv,
  });
  const bPreroll = await composePreroll(config);
  const url = (await bPreroll.app.listen({ port: 0, host: '127.0.0.1' })).replace('[::1]', '127.0.0.1');
  const b = {
    ...a,
    preroll: bPreroll,
    config,
    url,
    client: () => new TestClient(url),
    close: async () => {},
  };
  const owner = await signUp(a);
  const apiKey = await createApiKey(owner.client);
  const { deliverableId } = await createDeliverable(a, owner.orgId);
  return {
    a,
    b,
    apiKey,
    deliverableId,
    async close() {
      await bPreroll.close();
      await a.close();
    },
  };
}

let s3: Awaited<ReturnType<typeof startS3TestServer>> | undefined;
let pair: Pair;
let a: TestApp;
let b: TestApp;
let apiKey: string;
let deliverableId: string;

afterAll(async () => {
  await s3?.close();
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

describe.each([
  ['the local data dir', false],
  ['S3', true],
])('tus lock shared by two server processes, media in %s', (_name, onS3) => {
  beforeAll(async () => {
    if (onS3) s3 ??= await startS3TestServer();
    pair = await startPair(onS3 && s3 ? s3.env : {});
    ({ a, b, apiKey, deliverableId } = pair);
  });
  afterAll(async () => {
    await pair?.close();
  });

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
    // Wait until A has the first megabyte (HEAD takes no lock). On S3 it is held in A's part
    // buffer until A's write ends, so HEAD cannot see it yet; the lock's drain gives it time.
    for (;;) {
      if (onS3) {
        await new Promise((r) => setTimeout(r, 300));
        break;
      }
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
    const chunks: Buffer[] = [];
    for await (const chunk of await a.preroll.storage.openRead(version.storage_key))
      chunks.push(chunk as Buffer);
    const stored = Buffer.concat(chunks);
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
      .values({
        upload_id: id,
        holder: 'crashed',
        expires_at: '2000-01-01T00:00:00.000Z',
        release_requested: 0,
      })
      .execute();
    const startedAt = Date.now();
    const res = await rawRequest(b, 'PATCH', path, patchHeaders(0), bytes);
    expect(res.status).toBe(204);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(await a.preroll.db.selectFrom('upload_locks').selectAll().execute()).toEqual([]);
  }, 30_000);
});

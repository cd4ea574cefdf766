import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tusUpload } from '../helpers/factories.ts';
import { startS3TestServer } from '../helpers/s3-test-server.ts';
import { rawRequest, tusHeaders } from '../helpers/tus-raw.ts';
import { startUploadsEnv, type UploadsEnv } from './uploads-fixtures.ts';

/**
 * S3 storage that cannot be used (docs/deploy.md, "Storage"): credentials the server refuses,
 * an endpoint nobody answers on, a store that goes away under a stored version. Each answers
 * 503 `storage_unavailable` as JSON, names neither endpoint nor SDK error, and leaves nothing
 * half-written (no upload object, no version row).
 */
let s3: Awaited<ReturnType<typeof startS3TestServer>>;
const started: UploadsEnv[] = [];

beforeAll(async () => {
  s3 = await startS3TestServer();
});
afterAll(async () => {
  for (const env of started) await env.close();
  await s3?.close();
});

async function boot(overrides: Record<string, string>): Promise<UploadsEnv> {
  const env = await startUploadsEnv({ ...(s3?.env ?? {}), ...overrides });
  started.push(env);
  return env;
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function createUpload(env: UploadsEnv) {
  return createSized(env, 1000);
}

async function createSized(env: UploadsEnv, size: number) {
  const metadata = `deliverable_id ${Buffer.from(env.deliverableId).toString('base64')},filename ${Buffer.from('x.bin').toString('base64')}`;
  return rawRequest(
    env.app,
    'POST',
    '/api/v1/uploads',
    tusHeaders(env.apiKey, { 'upload-length': String(size), 'upload-metadata': metadata }),
  );
}

async function expectNothingWritten(env: UploadsEnv) {
  const versions = await env.app.preroll.db.selectFrom('deliverable_versions').select('id').execute();
  expect(versions).toEqual([]);
  expect(await env.app.preroll.db.selectFrom('upload_locks').selectAll().execute()).toEqual([]);
}

describe('S3 storage that cannot be used', { timeout: 60_000 }, () => {
  it('a credential the server refuses: the upload is answered 503 storage_unavailable and nothing is in the bucket', async () => {
    // s3rver checks the access key id (it does not verify V4 signatures), so the refused
    // credential is a key id it does not know (InvalidAccessKeyId, as AWS answers a wrong one).
    const env = await boot({ PREROLL_S3_ACCESS_KEY_ID: 'NOT-A-KEY' });
    const before = await s3.keys();
    const res = await createUpload(env);
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe('storage_unavailable');
    expect(res.text).not.toMatch(/InvalidAccessKeyId|127\.0\.0\.1|NOT-A-KEY/);
    expect(await s3.keys()).toEqual(before);
    await expectNothingWritten(env);
    // /readyz says storage is the problem, so a load balancer stops sending uploads here.
    const ready = await fetch(`${env.app.url}/readyz`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).checks.storage.ok).toBe(false);
  });

  it('an endpoint nobody answers on: 503 storage_unavailable within seconds', async () => {
    const env = await boot({ PREROLL_S3_ENDPOINT: `http://127.0.0.1:${await closedPort()}` });
    const startedAt = Date.now();
    const res = await createUpload(env);
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe('storage_unavailable');
    expect(res.text).not.toMatch(/ECONNREFUSED/);
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    await expectNothingWritten(env);
  });

  it('the store goes away under a stored version: media_url answers 503 storage_unavailable JSON', async () => {
    const env = await boot({});
    const { versionId } = await tusUpload(env.app, Buffer.alloc(4096, 7), {
      apiKey: env.apiKey,
      metadata: { deliverable_id: env.deliverableId, filename: 'kept.bin' },
      analyse: false,
    });
    const ok = await fetch(`${env.app.url}/api/v1/versions/${versionId}/media`, {
      headers: { authorization: `Bearer ${env.apiKey}`, range: 'bytes=0-9' },
    });
    expect(ok.status).toBe(206);
    await ok.arrayBuffer();
    await s3.close();
    const res = await fetch(`${env.app.url}/api/v1/versions/${versionId}/media`, {
      headers: { authorization: `Bearer ${env.apiKey}` },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect((await res.json()).error.code).toBe('storage_unavailable');
    s3 = undefined as never;
  });

  it('the store goes away mid-upload: 503, then the upload resumes from the offset HEAD reports, byte for byte', async () => {
    const outage = await startS3TestServer();
    try {
      const env = await boot(outage.env);
      const bytes = randomBytes(10 * 1024 * 1024);
      const created = await createSized(env, bytes.length);
      const target = new URL(created.headers.location!, env.app.url).pathname;
      const patch = (offset: number, body: Buffer) =>
        rawRequest(
          env.app,
          'PATCH',
          target,
          tusHeaders(env.apiKey, {
            'upload-offset': String(offset),
            'content-type': 'application/offset+octet-stream',
          }),
          body,
        );
      // 9 MiB: one whole 8 MiB part and a 1 MiB tail stored.
      expect((await patch(0, bytes.subarray(0, 9 * 1024 * 1024))).status).toBe(204);
      await outage.stop();
      const during = await patch(9 * 1024 * 1024, bytes.subarray(9 * 1024 * 1024));
      expect(during.status).toBe(503);
      expect(during.json.error.code).toBe('storage_unavailable');

      const back = await startS3TestServer({ directory: outage.directory, port: outage.port });
      try {
        const head = await rawRequest(env.app, 'HEAD', target, tusHeaders(env.apiKey));
        const offset = Number(head.headers['upload-offset']);
        expect(offset).toBe(9 * 1024 * 1024);
        const done = await patch(offset, bytes.subarray(offset));
        expect(done.status).toBe(204);
        const id = target.split('/').pop();
        const stored = await back.object(`tus/${id}`);
        expect(createHash('sha256').update(stored).digest('hex')).toBe(
          createHash('sha256').update(bytes).digest('hex'),
        );
      } finally {
        await back.close();
      }
    } finally {
      await outage.stop().catch(() => undefined);
    }
  });
});

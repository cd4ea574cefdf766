import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** s3rver's built-in account. */
export const S3_TEST_KEY = 'S3RVER';
export const S3_TEST_BUCKET = 'preroll-media';

/**
 * A real S3-compatible server (s3rver, an npm package: the test server only, never production;
 * docs/deploy.md, "Storage") on 127.0.0.1, its objects in a temp directory; plus the env that
 * points preroll at it and a client to look into the bucket.
 */
export async function startS3TestServer(reuse?: { directory: string; port: number }) {
  const directory = reuse?.directory ?? fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: reuse?.port ?? 0,
    silent: true,
    directory,
    configureBuckets: [{ name: S3_TEST_BUCKET }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const env = {
    PREROLL_STORAGE: 's3',
    PREROLL_S3_BUCKET: S3_TEST_BUCKET,
    PREROLL_S3_ENDPOINT: endpoint,
    PREROLL_S3_REGION: 'us-east-1',
    PREROLL_S3_ACCESS_KEY_ID: S3_TEST_KEY,
    PREROLL_S3_SECRET_ACCESS_KEY: S3_TEST_KEY,
    PREROLL_S3_FORCE_PATH_STYLE: 'on',
  };
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: S3_TEST_KEY, secretAccessKey: S3_TEST_KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    env,
    directory,
    port,
    /** Stops the server but keeps its objects, as an outage would (start again with `{ directory, port }`). */
    async stop() {
      client.destroy();
      await server.close();
    },
    /** Every key in the bucket. */
    async keys(prefix = ''): Promise<string[]> {
      const out = await client.send(new ListObjectsV2Command({ Bucket: S3_TEST_BUCKET, Prefix: prefix }));
      return (out.Contents ?? []).map((o) => o.Key!).sort();
    },
    async object(key: string): Promise<Buffer> {
      const out = await client.send(new GetObjectCommand({ Bucket: S3_TEST_BUCKET, Key: key }));
      return Buffer.from(await out.Body!.transformToByteArray());
    },
    async close() {
      client.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * tus ingest into the two media storages (docs/deploy.md, "Storage"), same machine, same run: the
 * local data dir, and S3 storage against s3rver (the test-only S3-compatible server, itself
 * writing to local disk). Prints MiB/s of each, their ratio (S3 / local), and how long a 1 MiB
 * Range GET of media_url takes from each. s3rver is JavaScript on the same two cores, so the
 * S3 figure is a floor for preroll's own S3 path, not what AWS S3 or MinIO would give.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { startS3TestServer } from '../apps/server/test/helpers/s3-test-server.ts';
import { apiKeyOverHttp, startInProcess } from './bench-seed.ts';
import { fmt, machineLine } from './bench-support.ts';
import { deliverableOverHttp, MiB } from './upload-support.ts';

const SIZE = 128 * MiB;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-bench-s3-'));
const file = path.join(tmp, 'upload.bin');
const block = randomBytes(MiB);
const fd = fs.openSync(file, 'w');
for (let i = 0; i < SIZE / MiB; i++) fs.writeSync(fd, block);
fs.closeSync(fd);

async function measure(label: string, env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(tmp, `${label}-`));
  const { preroll, base: url, session } = await startInProcess({ dataDir, databaseUrl: undefined }, env);
  try {
    const auth = { authorization: `Bearer ${await apiKeyOverHttp(url, session)}` };
    const deliverableId = await deliverableOverHttp(url, auth);
    let versionId = '';
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const u = new tus.Upload(fs.createReadStream(file), {
        endpoint: `${url}/api/v1/uploads`,
        uploadSize: SIZE,
        chunkSize: 16 * MiB,
        headers: auth,
        metadata: { deliverable_id: deliverableId, filename: 'upload.bin' },
        retryDelays: [],
        onAfterResponse: (_req, res) => {
          versionId = res.getHeader('Preroll-Version-Id') || versionId;
        },
        onSuccess: () => resolve(),
        onError: reject,
      });
      u.start();
    });
    const seconds = (performance.now() - started) / 1000;
    const rangeStarted = performance.now();
    const res = await fetch(`${url}/api/v1/versions/${versionId}/media`, {
      headers: { ...auth, range: `bytes=${64 * MiB}-${65 * MiB - 1}` },
    });
    if (res.status !== 206) throw new Error(`range GET: ${res.status}`);
    await res.arrayBuffer();
    return { mibPerSecond: SIZE / MiB / seconds, seconds, rangeMs: performance.now() - rangeStarted };
  } finally {
    await preroll.close();
  }
}

console.log(machineLine());
console.log(`tus upload of ${SIZE / MiB} MiB in 16 MiB chunks, then a 1 MiB Range GET of media_url`);
const s3 = await startS3TestServer();
try {
  const local = await measure('local', {});
  const onS3 = await measure('s3', s3.env);
  console.log('storage   seconds   MiB/s   range GET ms');
  for (const [name, r] of [
    ['local', local],
    ['s3', onS3],
  ] as const)
    console.log(
      `${name.padEnd(7)}   ${fmt(r.seconds).padStart(7)}   ${fmt(r.mibPerSecond, 0).padStart(5)}   ${fmt(r.rangeMs, 1).padStart(12)}`,
    );
  console.log(`ratio S3 / local throughput: ${fmt(onS3.mibPerSecond / local.mibPerSecond)}`);
} finally {
  await s3.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}

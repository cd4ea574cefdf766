import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3TestServer } from '../helpers/s3-test-server.ts';
import { addVersionWithFile, type ReviewEnv, startReviewEnv } from './frameio-review-fixtures.ts';
import { MiB, uploadHelpers } from './frameio-upload-fixtures.ts';

/**
 * Send to Frame.io with PREROLL_STORAGE=s3: the parts are read from the original in the bucket
 * (Range GETs), not from local disk, and Frame.io receives exactly the original's bytes.
 */
let s3: Awaited<ReturnType<typeof startS3TestServer>>;
let t: ReviewEnv;
beforeAll(async () => {
  s3 = await startS3TestServer();
  t = await startReviewEnv(s3.env);
});
afterAll(async () => {
  await t?.close();
  await s3?.close();
});

const { setup, untilStatus, facts } = uploadHelpers(() => t);

describe('Send to Frame.io from S3 storage', () => {
  it('uploads the original from the bucket in parts; SHA-256 equal on both sides', async () => {
    const { owner, deliverableId } = await setup();
    const v = await addVersionWithFile(t.app, owner.orgId, deliverableId, 45 * MiB);
    // Move the file into the bucket: nothing of it stays on local disk.
    const row = await t.app.preroll.store.versions.findById(owner.orgId, v.id);
    const local = path.join(t.app.dataDir, 'uploads', row!.storage_key);
    await t.app.preroll.storage.copyIn(local, row!.storage_key);
    fs.rmSync(local);
    expect(await s3.keys(row!.storage_key)).toEqual([row!.storage_key]);

    const stopWorker = t.app.preroll.startWorker();
    try {
      const sent = await owner.client.post(`/api/v1/versions/${v.id}/frameio`);
      expect(sent.status).toBe(202);
      const done = await untilStatus(owner, v.id, ['transcoded']);
      const f = facts(done.remote_file_id);
      expect(f.sha256).toBe(v.sha256);
      expect(f.file_size).toBe(45 * MiB);
      expect(f.parts.length).toBeGreaterThanOrEqual(2);
    } finally {
      await stopWorker();
    }
  }, 120_000);
});

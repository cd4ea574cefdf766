import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeliverable,
  media,
  settleVersion,
  tusUpload,
  tusUploadFirstChunk,
} from '../helpers/factories.ts';
import { startS3TestServer } from '../helpers/s3-test-server.ts';
import { rawRequest, tusHeaders } from '../helpers/tus-raw.ts';
import { download, sources, uploadThroughPipeline } from './media-pipeline-fixtures.ts';
import { startUploadsEnv, type UploadsEnv } from './uploads-fixtures.ts';

/**
 * PREROLL_STORAGE=s3 against a real S3-compatible server started here (s3rver: docs/deploy.md,
 * "Storage"): tus uploads land in the bucket in parts and resume after a dropped connection,
 * analysis and proxies read and write the bucket, Range reads and playback stream from it, and
 * deleting a version removes its objects. Nothing of the version is on local disk.
 */
let s3: Awaited<ReturnType<typeof startS3TestServer>>;
let env: UploadsEnv;

beforeAll(async () => {
  s3 = await startS3TestServer();
  env = await startUploadsEnv(s3.env);
});
afterAll(async () => {
  await env?.close();
  await s3?.close();
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('tus uploads into S3', { timeout: 120_000 }, () => {
  it('a multi-chunk upload, cut off after its first chunk and resumed, is stored byte for byte', async () => {
    // 19 MiB in 3 MiB PATCHes: two whole 8 MiB multipart parts plus a tail, and pending bytes
    // carried between PATCHes (kept in the bucket, not in a process).
    const bytes = randomBytes(19 * 1024 * 1024);
    const chunkSize = 3 * 1024 * 1024;
    const metadata = {
      deliverable_id: env.deliverableId,
      filename: 'big.bin',
      filetype: 'application/octet-stream',
    };
    const url = await tusUploadFirstChunk(env.app, bytes, { apiKey: env.apiKey, metadata, chunkSize });
    const head = await rawRequest(env.app, 'HEAD', new URL(url).pathname, tusHeaders(env.apiKey));
    const offset = Number(head.headers['upload-offset']);
    expect(offset).toBeGreaterThanOrEqual(chunkSize);
    expect(offset).toBeLessThan(bytes.length);
    // Nothing on local disk: the upload is in the bucket.
    expect(fs.existsSync(path.join(env.app.dataDir, 'uploads', 'tus'))).toBe(false);

    let resent = 0;
    const { versionId } = await tusUpload(env.app, bytes, {
      apiKey: env.apiKey,
      metadata,
      uploadUrl: url,
      chunkSize,
      analyse: false,
      onAfterResponse: (req, res) => {
        if (req.getMethod() === 'PATCH')
          resent += Number(res.getHeader('upload-offset')) - Number(req.getHeader('Upload-Offset'));
      },
    });
    expect(resent).toBe(bytes.length - offset);
    const id = new URL(url).pathname.split('/').pop();
    expect(sha(await s3.object(`tus/${id}`))).toBe(sha(bytes));
    // The tail object is gone once the multipart upload completed.
    expect(await s3.keys(`tus/${id}`)).toEqual([`tus/${id}`, `tus/${id}.json`]);

    // Analysis hashes the object streamed from the bucket.
    await settleVersion(env.app, versionId!);
    const version = await env.app.preroll.store.versions.findById(env.owner.orgId, versionId!);
    expect(version?.sha256).toBe(sha(bytes));

    // media_url streams from the bucket with Range: 206 and exactly the bytes asked for.
    const start = 8 * 1024 * 1024 - 100;
    const res = await fetch(`${env.app.url}/api/v1/versions/${versionId}/media`, {
      headers: { authorization: `Bearer ${env.apiKey}`, range: `bytes=${start}-${start + 999}` },
    });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${start + 999}/${bytes.length}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(start, start + 1000))).toBe(true);
  });
});

describe('the media pipeline on S3', { timeout: 180_000 }, () => {
  it('analysis, proxy, poster and waveform from a ProRes master in the bucket; playback and delete', async () => {
    const file = await sources.prores2997df(env.tmp);
    const { versionId, version } = await uploadThroughPipeline(env, file);
    expect(version).toMatchObject({
      status: 'ready',
      proxy_status: 'ready',
      playback_url: `/api/v1/versions/${versionId}/playback`,
      poster_url: expect.any(String),
      waveform_url: expect.any(String),
    });
    const derived = await s3.keys(`derived/${versionId}/`);
    expect(derived).toEqual(
      expect.arrayContaining([
        `derived/${versionId}/proxy.mp4`,
        `derived/${versionId}/poster.jpg`,
        `derived/${versionId}/waveform.json`,
      ]),
    );
    // No staging leftovers: ffmpeg's outputs were uploaded and their local files removed.
    expect(fs.readdirSync(path.join(env.app.dataDir, 'staging'))).toEqual([]);

    // playback_url is the proxy, streamed from the bucket, with Range.
    const proxy = await s3.object(`derived/${versionId}/proxy.mp4`);
    const played = await download(env, version.playback_url, 's3-proxy.mp4');
    expect(sha(fs.readFileSync(played))).toBe(sha(proxy));
    const ranged = await fetch(`${env.app.url}${version.playback_url}`, {
      headers: { authorization: `Bearer ${env.apiKey}`, range: 'bytes=100-199' },
    });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(proxy.subarray(100, 200))).toBe(true);
    // The original is the file that was uploaded.
    const original = await download(env, version.media_url, 's3-original.mov');
    expect(sha(fs.readFileSync(original))).toBe(sha(fs.readFileSync(file)));

    const row = await env.app.preroll.store.versions.findById(env.owner.orgId, versionId);
    const del = await env.owner.client.delete(`/api/v1/versions/${versionId}`);
    expect(del.status).toBe(204);
    expect(await s3.keys(`derived/${versionId}/`)).toEqual([]);
    expect(await s3.keys(row!.storage_key)).toEqual([]);
  });
});

describe('cascade deletes on S3', { timeout: 120_000 }, () => {
  it("deleting a deliverable removes its versions' originals and every derived object from the bucket", async () => {
    const { deliverableId } = await createDeliverable(env.app, env.owner.orgId);
    const file = await media.video2398(env.tmp);
    const { versionId } = await uploadThroughPipeline({ ...env, deliverableId }, file);
    const row = await env.app.preroll.store.versions.findById(env.owner.orgId, versionId);
    expect(await s3.keys(row!.storage_key)).not.toEqual([]);
    expect(await s3.keys(`derived/${versionId}/`)).toContain(`derived/${versionId}/poster.jpg`);

    const res = await env.owner.client.delete(`/api/v1/deliverables/${deliverableId}`);
    expect(res.status).toBe(204);
    expect(await s3.keys(row!.storage_key)).toEqual([]);
    expect(await s3.keys(`derived/${versionId}/`)).toEqual([]);
  });
});

describe('unfinished uploads on S3', () => {
  it('are listed for expiry with their organization, and removing one leaves no object behind', async () => {
    const metadata = `deliverable_id ${Buffer.from(env.deliverableId).toString('base64')},filename ${Buffer.from('idle.bin').toString('base64')}`;
    const created = await rawRequest(
      env.app,
      'POST',
      '/api/v1/uploads',
      tusHeaders(env.apiKey, { 'upload-length': '5000', 'upload-metadata': metadata }),
    );
    expect(created.status).toBe(201);
    const target = new URL(created.headers.location!, env.app.url).pathname;
    const id = target.split('/').pop()!;
    const patched = await rawRequest(
      env.app,
      'PATCH',
      target,
      tusHeaders(env.apiKey, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }),
      randomBytes(1000),
    );
    expect(patched.headers['upload-offset']).toBe('1000');
    expect(await s3.keys(`tus/${id}`)).toEqual([`tus/${id}.json`, `tus/${id}.part`]);

    const store = env.app.preroll.storage.uploadStore();
    const unfinished = await store.listUnfinished();
    expect(unfinished.map((u) => u.id)).toContain(id);
    expect(unfinished.find((u) => u.id === id)?.orgId).toBe(env.owner.orgId);
    await store.remove(id);
    expect(await s3.keys(`tus/${id}`)).toEqual([]);
  });
});

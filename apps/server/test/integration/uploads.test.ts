import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '../../src/realtime/event-bus.ts';
import { ffmpeg, media, tusUpload } from '../helpers/factories.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { sha256, sha256Streamed, startUploadsEnv, type UploadsEnv } from './uploads-fixtures.ts';

/** tus uploads that become versions with their media facts; large files; who may upload. */
let env: UploadsEnv | undefined;
let app: TestApp;
let tmp: string;
let owner: UploadsEnv['owner'];
let apiKey: string;
let deliverableId: string;

beforeAll(async () => {
  env = await startUploadsEnv();
  ({ app, tmp, owner, apiKey, deliverableId } = env);
});
afterAll(async () => {
  await env?.close();
});

describe('tus upload → version with media facts', () => {
  it('uploads a 23.976 video: sha256 recorded, exact rate 24000/1001, facts, events', async () => {
    const events: RealtimeEvent[] = [];
    const off = app.preroll.events.subscribe(owner.orgId, (e) => events.push(e));
    const file = await media.video2398(tmp);
    const result = await tusUpload(app, fs.readFileSync(file), {
      apiKey,
      metadata: { deliverable_id: deliverableId, filename: 'cut v1.mp4', filetype: 'video/mp4' },
    });
    off();
    expect(result.versionId).toMatch(/^[0-9a-f-]{36}$/);
    const res = await owner.client.get(`/api/v1/versions/${result.versionId}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      deliverable_id: deliverableId,
      number: 1,
      status: 'ready',
      filename: 'cut v1.mp4',
      content_type: 'video/mp4',
      size: fs.statSync(file).size,
      sha256: sha256(file),
      media_kind: 'video',
      frame_rate: '24000/1001',
      frame_rate_label: '23.976',
      duration_frames: 48,
      start_timecode: '00:00:00:00',
      start_frame: 0,
      drop_frame: false,
      width: 320,
      height: 240,
      probe_error: null,
    });
    // 48 frames at 24000/1001 is exactly 2.002 s.
    expect(res.body.data.duration_seconds).toBeCloseTo(2.002, 9);
    const types = events.map((e) => e.type);
    expect(types).toContain('version.created');
    expect(types).toContain('version.ready');
    expect(types.indexOf('version.created')).toBeLessThan(types.indexOf('version.ready'));
    expect(events.find((e) => e.type === 'upload.progress')?.data).toMatchObject({
      deliverable_id: deliverableId,
      offset: fs.statSync(file).size,
    });
  });

  it('reads a 29.97 drop-frame start timecode 01:00:00;00 as start_frame 107892', async () => {
    const file = await media.video2997df(tmp);
    const { versionId } = await tusUpload(app, fs.readFileSync(file), {
      apiKey,
      metadata: { deliverable_id: deliverableId, filename: 'df.mov', filetype: 'video/quicktime' },
    });
    const { body } = await owner.client.get(`/api/v1/versions/${versionId}`);
    expect(body.data).toMatchObject({
      number: 2,
      frame_rate: '30000/1001',
      frame_rate_label: '29.97',
      start_frame: 107892,
      drop_frame: true,
      start_timecode: '01:00:00;00',
      duration_frames: 60,
      sha256: sha256(file),
    });
  });

  it('audio-only media is media_kind audio at 1000/1 (positions are milliseconds)', async () => {
    const file = await media.audio(tmp);
    const { versionId } = await tusUpload(app, fs.readFileSync(file), {
      apiKey,
      metadata: { deliverable_id: deliverableId, filename: 'mix.m4a', filetype: 'audio/mp4' },
    });
    const { body } = await owner.client.get(`/api/v1/versions/${versionId}`);
    expect(body.data).toMatchObject({
      media_kind: 'audio',
      frame_rate: '1000/1',
      width: null,
      height: null,
      status: 'ready',
    });
    expect(body.data.duration_frames).toBeGreaterThanOrEqual(1490);
    expect(body.data.duration_frames).toBeLessThanOrEqual(1560);
    expect(body.data.duration_seconds).toBeCloseTo(body.data.duration_frames / 1000, 9);
  });

  it('a file ffprobe cannot read is kept as a failed version with probe_error', async () => {
    const bytes = Buffer.from('this is a script, not a movie\n'.repeat(100));
    const { versionId } = await tusUpload(app, bytes, {
      apiKey,
      metadata: { deliverable_id: deliverableId, filename: 'notes.txt', filetype: 'text/html' },
    });
    const { body } = await owner.client.get(`/api/v1/versions/${versionId}`);
    expect(body.data).toMatchObject({
      status: 'failed',
      media_kind: 'other',
      frame_rate: null,
      size: bytes.length,
    });
    expect(body.data.probe_error).toEqual(expect.any(String));
    expect(body.data.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    // A claimed text/html is never served as such.
    const mediaRes = await owner.client.get(`/api/v1/versions/${versionId}/media`);
    expect(mediaRes.headers.get('content-type')).toBe('application/octet-stream');
    expect(mediaRes.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('numbers versions per deliverable and lists them', async () => {
    const res = await owner.client.get(`/api/v1/deliverables/${deliverableId}/versions?limit=2`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((v: { number: number }) => v.number)).toEqual([1, 2]);
    expect(res.body.next_cursor).toEqual(expect.any(String));
    const next = await owner.client.get(
      `/api/v1/deliverables/${deliverableId}/versions?limit=2&cursor=${res.body.next_cursor}`,
    );
    expect(next.body.data.map((v: { number: number }) => v.number)).toEqual([3, 4]);
  });
});

describe('large files', () => {
  it('streams a 40 MB upload to disk (larger than the JSON body limit)', async () => {
    // rawvideo in AVI: big, real media, and fast to generate.
    const file = await ffmpeg(tmp, 'big.avi', [
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=1280x720:rate=25',
      '-frames:v',
      '30',
      '-c:v',
      'rawvideo',
      '-pix_fmt',
      'yuv420p',
    ]);
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(30 * 1024 * 1024);
    const expectedSha = await sha256Streamed(file);
    // A path-backed stream: tus-js-client reads each chunk from disk, so the client side holds
    // at most one chunk too.
    const { versionId } = await tusUpload(app, fs.createReadStream(file), {
      apiKey,
      metadata: { deliverable_id: deliverableId, filename: 'big.avi', filetype: 'video/x-msvideo' },
      chunkSize: 4 * 1024 * 1024,
    });
    const { body } = await owner.client.get(`/api/v1/versions/${versionId}`);
    expect(body.data).toMatchObject({
      status: 'ready',
      size,
      sha256: expectedSha,
      frame_rate: '25/1',
      width: 1280,
      height: 720,
      duration_frames: 30,
    });
    // Memory use while uploading is measured in bench/upload-memory.bench.ts, in a separate server
    // process: an RSS threshold here would be measured together with the test's own client.
  });
});

describe('authorization and bad input', () => {
  it('unauthenticated → 401 in our JSON shape, before tus runs', async () => {
    const res = await app.client().request('POST', '/api/v1/uploads', undefined, {
      headers: {
        'tus-resumable': '1.0.0',
        'upload-length': '10',
        'upload-metadata': `deliverable_id ${Buffer.from(deliverableId).toString('base64')}`,
      },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('missing deliverable_id → 400 invalid_deliverable_id', async () => {
    const res = await app
      .client()
      .withBearer(apiKey)
      .request('POST', '/api/v1/uploads', undefined, {
        headers: {
          'tus-resumable': '1.0.0',
          'upload-length': '10',
          'upload-metadata': `filename ${Buffer.from('a.mp4').toString('base64')}`,
        },
      });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_deliverable_id');
  });
});

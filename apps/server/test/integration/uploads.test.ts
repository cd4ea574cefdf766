import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '../../src/realtime/event-bus.ts';
import { createApiKey, createDeliverable, ffmpeg, media, tusUpload } from '../helpers/factories.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';

let app: TestApp;
let tmp: string;
let owner: Awaited<ReturnType<typeof signUp>>;
let apiKey: string;
let deliverableId: string;

beforeAll(async () => {
  app = await startTestApp();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-media-'));
  owner = await signUp(app);
  apiKey = await createApiKey(owner.client);
  ({ deliverableId } = await createDeliverable(app, owner.orgId));
});
afterAll(async () => {
  await app?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
async function sha256Streamed(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
const tusFiles = () => fs.readdirSync(path.join(app.dataDir, 'uploads', 'tus'));

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

describe('resume', () => {
  it('continues an aborted upload from the server offset without re-sending accepted bytes', async () => {
    const file = await ffmpeg(tmp, 'resume.mp4', [
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=640x480:rate=25',
      '-t',
      '4',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
    ]);
    const bytes = fs.readFileSync(file);
    const chunkSize = 8 * 1024;
    expect(bytes.length).toBeGreaterThan(3 * chunkSize);
    const { deliverableId: d } = await createDeliverable(app, owner.orgId);

    // First attempt: stop after the first chunk, like a dropped connection.
    const url = await new Promise<string>((resolve, reject) => {
      const upload: tus.Upload = new tus.Upload(bytes, {
        endpoint: `${app.url}/api/v1/uploads`,
        metadata: { deliverable_id: d, filename: 'resume.mp4', filetype: 'video/mp4' },
        headers: { authorization: `Bearer ${apiKey}` },
        chunkSize,
        retryDelays: null,
        onError: reject,
        onChunkComplete: () => {
          void upload.abort().then(() => resolve(upload.url!));
        },
      });
      upload.start();
    });

    const head = await app.client().request('HEAD', url, undefined, {
      headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${apiKey}` },
    });
    expect(head.status).toBe(200);
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThanOrEqual(chunkSize);
    expect(offset).toBeLessThan(bytes.length);

    // Second attempt on the same upload URL: HEAD, then PATCH from the offset.
    let sent = 0;
    const { versionId } = await tusUpload(app, bytes, {
      apiKey,
      metadata: { deliverable_id: d },
      uploadUrl: url,
      chunkSize,
      onAfterResponse: (req, res) => {
        if (req.getMethod() === 'PATCH')
          sent += Number(res.getHeader('upload-offset')) - Number(req.getHeader('Upload-Offset'));
      },
    });
    expect(sent).toBe(bytes.length - offset);
    const { body } = await owner.client.get(`/api/v1/versions/${versionId}`);
    expect(body.data).toMatchObject({
      status: 'ready',
      size: bytes.length,
      sha256: sha256(file),
      frame_rate: '25/1',
    });
  });
});

describe('dropped connections and retries', () => {
  const tusHeaders = () => ({ 'tus-resumable': '1.0.0', authorization: `Bearer ${apiKey}` });

  async function createUpload(size: number, d: string): Promise<string> {
    const res = await app.client().request('POST', '/api/v1/uploads', undefined, {
      headers: {
        ...tusHeaders(),
        'upload-length': String(size),
        'upload-metadata': `deliverable_id ${Buffer.from(d).toString('base64')},filename ${Buffer.from('drop.avi').toString('base64')}`,
      },
    });
    expect(res.status).toBe(201);
    return new URL(res.headers.get('location')!, app.url).toString();
  }

  /** PATCH that sends `part` bytes and then kills the socket, like a laptop closing its lid. */
  function patchThenDrop(url: string, part: Buffer, total: number): Promise<void> {
    return new Promise((resolve) => {
      const req = http.request(url, {
        method: 'PATCH',
        headers: {
          ...tusHeaders(),
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
          'content-length': String(total),
        },
      });
      req.on('error', () => resolve());
      req.write(part, () => {
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 300);
      });
    });
  }

  it('a PATCH cut off mid-body keeps the bytes received; HEAD reports them and PATCH continues from there', async () => {
    const file = await ffmpeg(tmp, 'drop.avi', [
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=320x240:rate=25',
      '-frames:v',
      '10',
      '-c:v',
      'rawvideo',
      '-pix_fmt',
      'yuv420p',
    ]);
    const bytes = fs.readFileSync(file);
    const { deliverableId: d } = await createDeliverable(app, owner.orgId);
    const url = await createUpload(bytes.length, d);
    const half = Math.floor(bytes.length / 2);
    await patchThenDrop(url, bytes.subarray(0, half), bytes.length);

    // The server notices the drop and releases the upload; poll HEAD until it does.
    let offset = -1;
    for (let i = 0; i < 50 && offset <= 0; i++) {
      const head = await app.client().request('HEAD', url, undefined, { headers: tusHeaders() });
      offset = Number(head.headers.get('upload-offset'));
      if (offset <= 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThanOrEqual(half);

    const rest = await app.client().request('PATCH', url, undefined, {
      raw: bytes.subarray(offset),
      headers: {
        ...tusHeaders(),
        'upload-offset': String(offset),
        'content-type': 'application/offset+octet-stream',
      },
    });
    expect(rest.status).toBe(204);
    expect(rest.headers.get('upload-offset')).toBe(String(bytes.length));
    const versionId = rest.headers.get('preroll-version-id');
    const { body } = await owner.client.get(`/api/v1/versions/${versionId}`);
    expect(body.data).toMatchObject({
      status: 'ready',
      size: bytes.length,
      sha256: sha256(file),
      frame_rate: '25/1',
      duration_frames: 10,
    });
  });

  it('a retried final PATCH (response lost) does not create a second version', async () => {
    const bytes = fs.readFileSync(await media.video2398(tmp));
    const { deliverableId: d } = await createDeliverable(app, owner.orgId);
    const first = await tusUpload(app, bytes, { apiKey, metadata: { deliverable_id: d, filename: 'a.mp4' } });
    const again = await app.client().request('PATCH', first.url, undefined, {
      raw: Buffer.alloc(0),
      headers: {
        ...tusHeaders(),
        'upload-offset': String(bytes.length),
        'content-type': 'application/offset+octet-stream',
      },
    });
    expect(again.status).toBe(204);
    expect(again.headers.get('preroll-version-id')).toBe(first.versionId);
    const rows = await app.preroll.db
      .selectFrom('deliverable_versions')
      .select('id')
      .where('deliverable_id', '=', d)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('uploads finishing together get distinct consecutive numbers', async () => {
    const bytes = fs.readFileSync(await media.video2398(tmp));
    const { deliverableId: d } = await createDeliverable(app, owner.orgId);
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        tusUpload(app, bytes, { apiKey, metadata: { deliverable_id: d, filename: `take${n}.mp4` } }),
      ),
    );
    expect(new Set(results.map((r) => r.versionId)).size).toBe(4);
    const rows = await app.preroll.db
      .selectFrom('deliverable_versions')
      .select('number')
      .where('deliverable_id', '=', d)
      .orderBy('number')
      .execute();
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3, 4]);
  });

  it('versions created at the same instant still get distinct numbers (the loser of the race retries)', async () => {
    const { deliverableId: d } = await createDeliverable(app, owner.orgId);
    const dir = path.join(app.dataDir, 'uploads', 'tus');
    const ids = Array.from({ length: 6 }, (_, i) => `${'f'.repeat(31)}${i}`);
    for (const id of ids) fs.writeFileSync(path.join(dir, id), `file ${id}`);
    const created = await Promise.all(
      ids.map((id) =>
        app.preroll.services.versions.completeUpload({
          uploadId: id,
          size: 37,
          metadata: {
            org_id: owner.orgId,
            user_id: owner.userId,
            deliverable_id: d,
            filename: `${id}.txt`,
            filetype: '',
          },
        }),
      ),
    );
    expect(created.map((v) => v.number).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('a deliverable deleted during the upload → 404 at the end, and the file is removed', async () => {
    const { deliverableId: d } = await createDeliverable(app, owner.orgId);
    const url = await createUpload(10, d);
    await app.preroll.db.deleteFrom('deliverables').where('id', '=', d).execute();
    const res = await app.client().request('PATCH', url, undefined, {
      raw: Buffer.from('0123456789'),
      headers: { ...tusHeaders(), 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text).error.code).toBe('not_found');
    const id = url.split('/').pop()!;
    expect(tusFiles()).not.toContain(id);
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

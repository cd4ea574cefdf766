import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeliverable,
  ffmpeg,
  media,
  settleVersion,
  tusUpload,
  tusUploadFirstChunk,
} from '../helpers/factories.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { sha256, startUploadsEnv, type UploadsEnv } from './uploads-fixtures.ts';

/** tus uploads that were interrupted: resumed from the server offset, dropped, retried, raced. */
let env: UploadsEnv | undefined;
let app: TestApp;
let tmp: string;
let owner: UploadsEnv['owner'];
let apiKey: string;

beforeAll(async () => {
  env = await startUploadsEnv();
  ({ app, tmp, owner, apiKey } = env);
});
afterAll(async () => {
  await env?.close();
});

const tusFiles = () => fs.readdirSync(path.join(app.dataDir, 'uploads', 'tus'));

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
    const url = await tusUploadFirstChunk(app, bytes, {
      apiKey,
      metadata: { deliverable_id: d, filename: 'resume.mp4', filetype: 'video/mp4' },
      chunkSize,
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
    await settleVersion(app, String(versionId));
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

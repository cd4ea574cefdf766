import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKey,
  createDeliverable,
  createMember,
  createPortalClient,
  media,
  tusUpload,
} from '../helpers/factories.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';

let app: TestApp;
let tmp: string;
let owner: Awaited<ReturnType<typeof signUp>>;
let apiKey: string;
let file: string;
let bytes: Buffer;
let versionId: string;
let clientId: string;

beforeAll(async () => {
  app = await startTestApp();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-media-'));
  owner = await signUp(app);
  apiKey = await createApiKey(owner.client);
  const d = await createDeliverable(app, owner.orgId);
  clientId = d.clientId;
  file = await media.video2398(tmp);
  bytes = fs.readFileSync(file);
  const uploaded = await tusUpload(app, bytes, {
    apiKey,
    metadata: { deliverable_id: d.deliverableId, filename: 'cut.mp4', filetype: 'video/mp4' },
  });
  versionId = uploaded.versionId!;
});
afterAll(async () => {
  await app?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const mediaUrl = () => `/api/v1/versions/${versionId}/media`;

async function rawGet(url: string, headers: Record<string, string>, method = 'GET') {
  const cookie = `preroll_session=${owner.client.cookie('preroll_session')}`;
  const res = await fetch(new URL(url, app.url), { method, headers: { cookie, ...headers } });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

describe('GET /api/v1/versions/:id/media (Range)', () => {
  it('whole file with the session cookie (what a <video> tag sends): 200, type, Accept-Ranges, length', async () => {
    const { res, body } = await rawGet(mediaUrl(), {});
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(body.equals(bytes)).toBe(true);
  });

  it('bytes=a-b → 206 with Content-Range and exactly those bytes', async () => {
    const { res, body } = await rawGet(mediaUrl(), { range: 'bytes=100-199' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
    expect(res.headers.get('content-length')).toBe('100');
    expect(body.equals(bytes.subarray(100, 200))).toBe(true);
  });

  it('bytes=a- → 206 to the end; an end past the size is clamped', async () => {
    const open = await rawGet(mediaUrl(), { range: 'bytes=1000-' });
    expect(open.res.status).toBe(206);
    expect(open.res.headers.get('content-range')).toBe(`bytes 1000-${bytes.length - 1}/${bytes.length}`);
    expect(open.body.equals(bytes.subarray(1000))).toBe(true);
    const clamped = await rawGet(mediaUrl(), { range: `bytes=10-${bytes.length + 5000}` });
    expect(clamped.res.status).toBe(206);
    expect(clamped.body.equals(bytes.subarray(10))).toBe(true);
  });

  it('suffix bytes=-n → the last n bytes', async () => {
    const { res, body } = await rawGet(mediaUrl(), { range: 'bytes=-500' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(
      `bytes ${bytes.length - 500}-${bytes.length - 1}/${bytes.length}`,
    );
    expect(body.equals(bytes.subarray(bytes.length - 500))).toBe(true);
  });

  it('a range starting past the end → 416 with Content-Range bytes */size', async () => {
    const { res, body } = await rawGet(mediaUrl(), { range: `bytes=${bytes.length}-` });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    expect(JSON.parse(body.toString()).error.code).toBe('range_not_satisfiable');
  });

  it('HEAD answers the same headers without a body; HEAD with a range says 206', async () => {
    const whole = await rawGet(mediaUrl(), {}, 'HEAD');
    expect(whole.res.status).toBe(200);
    expect(whole.res.headers.get('content-length')).toBe(String(bytes.length));
    expect(whole.res.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.body.length).toBe(0);
    const part = await rawGet(mediaUrl(), { range: 'bytes=0-9' }, 'HEAD');
    expect(part.res.status).toBe(206);
    expect(part.res.headers.get('content-range')).toBe(`bytes 0-9/${bytes.length}`);
  });

  it('multiple ranges are answered with the whole file (allowed by RFC 9110)', async () => {
    const { res, body } = await rawGet(mediaUrl(), { range: 'bytes=0-1,5-6' });
    expect(res.status).toBe(200);
    expect(body.length).toBe(bytes.length);
  });

  it('If-Range with a stale validator sends the whole file', async () => {
    const { res } = await rawGet(mediaUrl(), { range: 'bytes=0-9', 'if-range': '"stale"' });
    expect(res.status).toBe(200);
    const fresh = await rawGet(mediaUrl(), { range: 'bytes=0-9', 'if-range': res.headers.get('etag')! });
    expect(fresh.res.status).toBe(206);
  });

  it('unauthenticated → 401; another organization → 404', async () => {
    const anon = await fetch(new URL(mediaUrl(), app.url));
    expect(anon.status).toBe(401);
    const other = await signUp(app);
    expect((await other.client.get(mediaUrl())).status).toBe(404);
    expect((await other.client.get(`/api/v1/versions/${versionId}`)).status).toBe(404);
  });
});

describe('portal access', () => {
  it("a client sees their own submitted deliverable's versions and media, not a draft's, not another client's", async () => {
    const portal = await createPortalClient(app, owner.orgId, clientId);
    expect((await portal.client.get(`/api/v1/versions/${versionId}`)).status).toBe(200);
    expect((await portal.client.get(`/api/v1/versions/${versionId}`)).body.data.uploaded_by).toBeNull();
    const m = await portal.client.get(mediaUrl(), { headers: { range: 'bytes=0-3' } });
    expect(m.status).toBe(206);

    const draft = await createDeliverable(app, owner.orgId, { status: 'draft', clientId });
    const { versionId: draftVersion } = await tusUpload(app, bytes, {
      apiKey,
      metadata: { deliverable_id: draft.deliverableId, filename: 'd.mp4' },
    });
    expect((await portal.client.get(`/api/v1/versions/${draftVersion}`)).status).toBe(404);
    expect((await portal.client.get(`/api/v1/versions/${draftVersion}/media`)).status).toBe(404);
    expect((await portal.client.get(`/api/v1/deliverables/${draft.deliverableId}/versions`)).status).toBe(
      404,
    );

    const otherClient = await createDeliverable(app, owner.orgId);
    const stranger = await createPortalClient(app, owner.orgId, otherClient.clientId);
    expect((await stranger.client.get(`/api/v1/versions/${versionId}`)).status).toBe(404);
    expect((await stranger.client.get(mediaUrl())).status).toBe(404);
  });
});

describe('DELETE /api/v1/versions/:id', () => {
  it('a member cannot (403); an admin deletes the row, its comments and the file', async () => {
    const d = await createDeliverable(app, owner.orgId);
    const { versionId: id } = await tusUpload(app, bytes, {
      apiKey,
      metadata: { deliverable_id: d.deliverableId, filename: 'x.mp4' },
    });
    const row = await app.preroll.db
      .selectFrom('deliverable_versions')
      .selectAll()
      .where('id', '=', id!)
      .executeTakeFirstOrThrow();
    const onDisk = path.join(app.dataDir, 'uploads', row.storage_key);
    expect(fs.existsSync(onDisk)).toBe(true);
    const top = await owner.client.post(`/api/v1/versions/${id}/comments`, { body: 'top', frame: 1 });
    await owner.client.post(`/api/v1/versions/${id}/comments`, {
      body: 'reply',
      parent_id: top.body.data.id,
    });

    const member = await createMember(app, owner.orgId, 'member');
    const del = await member.client.delete(`/api/v1/versions/${id}`);
    expect(del.status).toBe(403);

    expect((await owner.client.delete(`/api/v1/versions/${id}`)).status).toBe(204);
    expect((await owner.client.get(`/api/v1/versions/${id}`)).status).toBe(404);
    expect(fs.existsSync(onDisk)).toBe(false);
    expect(fs.existsSync(`${onDisk}.json`)).toBe(false);
    const comments = await app.preroll.db
      .selectFrom('comments')
      .select('id')
      .where('version_id', '=', id!)
      .execute();
    expect(comments).toHaveLength(0);
    expect((await owner.client.delete(`/api/v1/versions/${id}`)).status).toBe(404);
  });

  it('bad id → 400 invalid_id', async () => {
    const res = await owner.client.get('/api/v1/versions/not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_id');
  });
});

describe('without ffprobe', () => {
  it('the version is ready with media_kind other and no frame rate (not a failure)', async () => {
    const bare = await startTestApp({ FFPROBE_PATH: '/nonexistent/ffprobe' });
    try {
      const o = await signUp(bare);
      const key = await createApiKey(o.client);
      const d = await createDeliverable(bare, o.orgId);
      const { versionId: id } = await tusUpload(bare, bytes, {
        apiKey: key,
        metadata: { deliverable_id: d.deliverableId, filename: 'cut.mp4' },
      });
      const { body } = await o.client.get(`/api/v1/versions/${id}`);
      expect(body.data).toMatchObject({
        status: 'ready',
        media_kind: 'other',
        frame_rate: null,
        duration_frames: null,
        start_timecode: null,
        size: bytes.length,
      });
      expect(body.data.probe_error).toMatch(/ffprobe not available/);
      expect(body.data.sha256).toMatch(/^[0-9a-f]{64}$/);
      const c = await o.client.post(`/api/v1/versions/${id}/comments`, { body: 'at a frame', frame: 3 });
      expect(c.status).toBe(422);
      expect(c.body.error.code).toBe('version_has_no_frame_rate');
      expect((await o.client.post(`/api/v1/versions/${id}/comments`, { body: 'general' })).status).toBe(201);
    } finally {
      await bare.close();
    }
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createDeliverable, createVersion, tusUpload } from '../helpers/factories.ts';
import type { TestClient } from '../helpers/http-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Attack: another organization names this organization's version, comment or deliverable where
 * the id is not in the path but in a body or upload metadata (a comment's parent, the deliverable
 * an upload is for), or drives an upload it did not start (tus HEAD/PATCH on its URL).
 * Promise: 404, and nothing is written: no comment, no version row, no file left on disk.
 */
let app: TestApp;
let owner: Awaited<ReturnType<typeof signUp>>;
let apiKey: string;
let deliverableId: string;
/** 23.976, 2000 frames. */
let v2398: string;

beforeAll(async () => {
  app = await startTestApp();
  owner = await signUp(app, { name: 'Olivia Owner' });
  apiKey = await createApiKey(owner.client);
  ({ deliverableId } = await createDeliverable(app, owner.orgId));
  v2398 = await createVersion(app, owner.orgId, deliverableId, { rate: [24000, 1001], durationFrames: 2000 });
});
afterAll(async () => {
  await app?.close();
});

const post = (c: TestClient, version: string, body: Record<string, unknown>) =>
  c.post(`/api/v1/versions/${version}/comments`, body);
const tusFiles = () => fs.readdirSync(path.join(app.dataDir, 'uploads', 'tus'));

describe('comments', () => {
  it("another organization's version or comment → 404", async () => {
    const other = await signUp(app);
    const c = await post(owner.client, v2398, { body: 'ours', frame: 1 });
    expect((await other.client.get(`/api/v1/versions/${v2398}/comments`)).status).toBe(404);
    expect((await post(other.client, v2398, { body: 'x' })).status).toBe(404);
    expect((await other.client.patch(`/api/v1/comments/${c.body.data.id}`, { body: 'x' })).status).toBe(404);
    expect((await other.client.delete(`/api/v1/comments/${c.body.data.id}`)).status).toBe(404);
    const otherD = await createDeliverable(app, other.orgId);
    const otherV = await createVersion(app, other.orgId, otherD.deliverableId, {
      rate: [24, 1],
      durationFrames: 10,
    });
    const cross = await post(owner.client, otherV, { body: 'x' });
    expect(cross.status).toBe(404);
    const parentElsewhere = await post(other.client, otherV, { body: 'x', parent_id: c.body.data.id });
    expect(parentElsewhere.status).toBe(404);
  });
});

describe('uploads', () => {
  it("another organization's deliverable_id → 404 and no file is left behind", async () => {
    const other = await signUp(app);
    const { deliverableId: theirs } = await createDeliverable(app, other.orgId);
    const before = tusFiles();
    await expect(
      tusUpload(app, Buffer.from('x'.repeat(1000)), {
        apiKey,
        metadata: { deliverable_id: theirs, filename: 'x.mp4' },
      }),
    ).rejects.toThrow(/404/);
    expect(tusFiles()).toEqual(before);
    const rows = await app.preroll.db
      .selectFrom('deliverable_versions')
      .select('id')
      .where('deliverable_id', '=', theirs)
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('another organization cannot HEAD or PATCH an upload (404)', async () => {
    const created = await app
      .client()
      .withBearer(apiKey)
      .request('POST', '/api/v1/uploads', undefined, {
        headers: {
          'tus-resumable': '1.0.0',
          'upload-length': '10',
          'upload-metadata': `deliverable_id ${Buffer.from(deliverableId).toString('base64')}`,
        },
      });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    const other = await signUp(app);
    const otherKey = await createApiKey(other.client);
    const head = await app
      .client()
      .withBearer(otherKey)
      .request('HEAD', location, undefined, { headers: { 'tus-resumable': '1.0.0' } });
    expect(head.status).toBe(404);
    const patch = await app
      .client()
      .withBearer(otherKey)
      .request('PATCH', location, undefined, {
        raw: Buffer.from('0123456789'),
        headers: {
          'tus-resumable': '1.0.0',
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
        },
      });
    expect(patch.status).toBe(404);
    const mine = await app
      .client()
      .withBearer(apiKey)
      .request('HEAD', location, undefined, { headers: { 'tus-resumable': '1.0.0' } });
    expect(mine.headers.get('upload-offset')).toBe('0');
    // Same-origin only: no wildcard CORS on upload responses.
    expect(mine.headers.get('access-control-allow-origin')).not.toBe('*');
  });
});

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey, createDeliverable, settleVersion } from '../helpers/factories.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { createUpload, patchUpload, rawRequest, tusDirSnapshot, tusHeaders } from '../helpers/tus-raw.ts';

/**
 * Cross-organization upload takeover. The upload route authorizes one upload id; the tus library
 * must act on exactly that id and no other. Before the fix @tus/server took the id from the last
 * `/` of the whole URL, query string included, so org B, holding its own upload B, could reach
 * org A's unfinished upload A with `/api/v1/uploads/B?x=/A`.
 *
 * Promise: whatever the request target looks like, a request either names one upload id in the
 * path `/api/v1/uploads/<32 hex>` (nothing after it, no query string) and acts on that upload
 * after it was authorized, or it is a 404 and nothing changes on disk or in the database.
 */
let app: TestApp;
let orgA: { apiKey: string; deliverableId: string };
let orgB: { apiKey: string; deliverableId: string };
/** Org A's unfinished upload: 10 bytes declared, the first 4 received. */
let uploadA: string;
/** Org B's own upload, used as the foothold. */
let uploadB: string;

const A_BYTES = Buffer.from('AAAAAAAAAA');
const B_BYTES = Buffer.from('BBBBBBBBBB');

beforeAll(async () => {
  app = await startTestApp();
  for (const org of ['a', 'b'] as const) {
    const owner = await signUp(app);
    const apiKey = await createApiKey(owner.client);
    const { deliverableId } = await createDeliverable(app, owner.orgId);
    if (org === 'a') orgA = { apiKey, deliverableId };
    else orgB = { apiKey, deliverableId };
  }
});
afterAll(async () => {
  await app?.close();
});

beforeEach(async () => {
  uploadA = await createUpload(app, orgA.apiKey, orgA.deliverableId, A_BYTES.length, 'a.mov');
  expect((await patchUpload(app, orgA.apiKey, uploadA, 0, A_BYTES.subarray(0, 4))).status).toBe(204);
  uploadB = await createUpload(app, orgB.apiKey, orgB.deliverableId, B_BYTES.length, 'b.mov');
});

const versionsOf = async (deliverableId: string) =>
  app.preroll.db
    .selectFrom('deliverable_versions')
    .selectAll()
    .where('deliverable_id', '=', deliverableId)
    .execute();

/** Sends one method to a target as org B and checks the answer is a 404 that changed nothing. */
async function expectRefusedAndNothingChanged(method: 'HEAD' | 'PATCH' | 'DELETE', target: string) {
  const before = { files: tusDirSnapshot(app), versions: await versionsOf(orgA.deliverableId) };
  const headers =
    method === 'PATCH'
      ? tusHeaders(orgB.apiKey, { 'upload-offset': '4', 'content-type': 'application/offset+octet-stream' })
      : tusHeaders(orgB.apiKey);
  const res = await rawRequest(
    app,
    method,
    target,
    headers,
    method === 'PATCH' ? B_BYTES.subarray(4) : undefined,
  );
  expect(res.status, `${method} ${target}`).toBe(404);
  // Nothing of upload A leaks: no offset, no length, no metadata (org, deliverable, file name).
  expect(res.headers['upload-offset']).toBeUndefined();
  expect(res.headers['upload-length']).toBeUndefined();
  expect(res.headers['upload-metadata']).toBeUndefined();
  if (method !== 'HEAD') expect(['not_found', 'route_not_found']).toContain(res.json?.error?.code);
  expect(tusDirSnapshot(app)).toEqual(before.files);
  expect(await versionsOf(orgA.deliverableId)).toEqual(before.versions);
  expect(await versionsOf(orgB.deliverableId)).toEqual([]);
}

describe("org B cannot reach org A's unfinished upload through its own upload's URL", () => {
  it('HEAD /uploads/B?x=/A → 404: A’s offset and metadata (org, deliverable, file name) are not read', async () => {
    await expectRefusedAndNothingChanged('HEAD', `/api/v1/uploads/${uploadB}?x=/${uploadA}`);
  });

  it('PATCH /uploads/B?x=/A → 404: A’s bytes are not overwritten and no version is created on A’s deliverable', async () => {
    await expectRefusedAndNothingChanged('PATCH', `/api/v1/uploads/${uploadB}?x=/${uploadA}`);
  });

  it('DELETE /uploads/B?x=/A → 404: A’s upload is not deleted', async () => {
    await expectRefusedAndNothingChanged('DELETE', `/api/v1/uploads/${uploadB}?x=/${uploadA}`);
  });
});

describe('every other spelling of "B, then A" in the request target is a 404 that changes nothing', () => {
  const targets: Array<[string, () => string]> = [
    ['a bare query string', () => `/api/v1/uploads/${uploadB}?/${uploadA}`],
    ['an encoded slash', () => `/api/v1/uploads/${uploadB}%2F${uploadA}`],
    ['an encoded ../', () => `/api/v1/uploads/${uploadB}%2F..%2F${uploadA}`],
    ['a literal ../', () => `/api/v1/uploads/${uploadB}/../${uploadA}`],
    ['an extra segment', () => `/api/v1/uploads/${uploadB}/${uploadA}`],
    ['backslashes (a URL parser reads them as slashes)', () => `/api/v1/uploads/${uploadB}\\..\\${uploadA}`],
    ['a semicolon parameter', () => `/api/v1/uploads/${uploadB};/${uploadA}`],
    ['a trailing slash on A', () => `/api/v1/uploads/${uploadA}/`],
    ['a double slash before A', () => `/api/v1/uploads//${uploadA}`],
    ['a double slash earlier in the path', () => `/api/v1//uploads/${uploadA}`],
  ];
  for (const [name, target] of targets) {
    for (const method of ['HEAD', 'PATCH', 'DELETE'] as const) {
      it(`${method} with ${name} → 404`, async () => {
        await expectRefusedAndNothingChanged(method, target());
      });
    }
  }
});

describe('the id comes from the path alone, for everyone', () => {
  it("org A's own upload URL with a query string is refused too (404), and A is unchanged", async () => {
    const before = tusDirSnapshot(app);
    const target = `/api/v1/uploads/${uploadA}?x=/${uploadA}`;
    const res = await rawRequest(app, 'HEAD', target, tusHeaders(orgA.apiKey));
    expect(res.status).toBe(404);
    expect(tusDirSnapshot(app)).toEqual(before);
  });

  it('the Location of a new upload is exactly /api/v1/uploads/<32 hex>', async () => {
    expect(uploadA).toMatch(/^[0-9a-f]{32}$/);
    const res = await rawRequest(
      app,
      'POST',
      '/api/v1/uploads',
      tusHeaders(orgA.apiKey, {
        'upload-length': '1',
        'upload-metadata': `deliverable_id ${Buffer.from(orgA.deliverableId).toString('base64')}`,
      }),
    );
    expect(res.headers.location).toMatch(/^\/api\/v1\/uploads\/[0-9a-f]{32}$/);
  });

  it('after all of the above, org A still resumes its own upload and gets its own bytes', async () => {
    await expectRefusedAndNothingChanged('PATCH', `/api/v1/uploads/${uploadB}?x=/${uploadA}`);
    const head = await rawRequest(app, 'HEAD', `/api/v1/uploads/${uploadA}`, tusHeaders(orgA.apiKey));
    expect(head.status).toBe(200);
    expect(head.headers['upload-offset']).toBe('4');
    const rest = await patchUpload(app, orgA.apiKey, uploadA, 4, A_BYTES.subarray(4));
    expect(rest.status).toBe(204);
    await settleVersion(app, String(rest.headers['preroll-version-id']));
    const [version] = await versionsOf(orgA.deliverableId).then((rows) =>
      rows.filter((v) => v.storage_key === `tus/${uploadA}`),
    );
    expect(version?.sha256).toBe(createHash('sha256').update(A_BYTES).digest('hex'));
  });
});

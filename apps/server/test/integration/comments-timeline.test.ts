import { MARKER_FLAGS } from '@preroll/contracts/comments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createDeliverable, createPortalClient, createVersion } from '../helpers/factories.ts';
import type { TestClient, TestResponse } from '../helpers/http-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';

/** The timeline's slim markers and the comment list a page at a time, under the list's rules. */
let app: TestApp;
let owner: Awaited<ReturnType<typeof signUp>>;
let portal: Awaited<ReturnType<typeof createPortalClient>>;
let apiKeyClient: TestClient;
let versionId: string;
const ids: Record<string, string> = {};

const post = async (c: TestClient, body: Record<string, unknown>) => {
  const res = await c.post(`/api/v1/versions/${versionId}/comments`, body);
  expect(res.status, res.text).toBe(201);
  return res.body.data.id as string;
};

beforeAll(async () => {
  app = await startTestApp();
  owner = await signUp(app, { name: 'Olivia Owner' });
  const d = await createDeliverable(app, owner.orgId, { status: 'submitted' });
  versionId = await createVersion(app, owner.orgId, d.deliverableId, { rate: [25, 1], durationFrames: 500 });
  portal = await createPortalClient(app, owner.orgId, d.clientId, 'Casey Client');
  apiKeyClient = owner.client.withBearer(await createApiKey(owner.client));
  const o = owner.client;
  ids.internal = await post(o, { body: 'team only', frame: 10, visibility: 'internal' });
  ids.range = await post(o, { body: 'this stretch', frame: 20, duration_frames: 5 });
  ids.reply = await post(o, { body: 'agreed', parent_id: ids.range });
  ids.general = await post(o, { body: 'overall fine' });
  ids.done = await post(o, { body: 'fixed', frame: 30, completed: true });
  ids.deleted = await post(o, { body: 'never mind', frame: 40 });
  expect((await o.request('DELETE', `/api/v1/comments/${ids.deleted}`)).status).toBe(204);
  ids.drawn = await post(o, {
    body: 'this corner',
    frame: 50,
    drawing: {
      version: 1,
      shapes: [{ type: 'arrow', colour: '#ff3b30', width: 0.01, from: [0.1, 0.1], to: [0.2, 0.2] }],
    },
  });
  // A deleted thread with a live reply stays in the list as a tombstone, but draws no marker.
  ids.tomb = await post(o, { body: 'was here', frame: 70 });
  ids.tombReply = await post(o, { body: 'still relevant', parent_id: ids.tomb });
  expect((await o.request('DELETE', `/api/v1/comments/${ids.tomb}`)).status).toBe(204);
  ids.client = await post(portal.client, { body: 'from the client', frame: 60 });
  ids.sameFrame = await post(o, { body: 'also at 10', frame: 10 });
});
afterAll(async () => {
  await app?.close();
});

interface Marker {
  id: string;
  frame: number;
  duration_frames: number | null;
  flags: number;
  author: { type: string; name: string };
}

/** The compact rows read back as objects (authors resolved), to assert on. */
const markers = async (c: TestClient): Promise<Marker[]> => {
  const res = await c.get(`/api/v1/versions/${versionId}/timeline-markers`);
  expect(res.status, res.text).toBe(200);
  const { authors, markers: rows } = res.body.data as {
    authors: Array<{ type: string; name: string }>;
    markers: Array<[string, number, number | null, number, number]>;
  };
  return rows.map(([id, frame, duration_frames, flags, author]) => ({
    id,
    frame,
    duration_frames,
    flags,
    author: authors[author]!,
  }));
};
const byId = (list: Marker[], id: string | undefined) => list.find((m) => m.id === id);

describe('GET /versions/{id}/timeline-markers', () => {
  it('the team sees every live placed thread in timeline order, slim: no text, no replies', async () => {
    const data = await markers(owner.client);
    expect(data.map((m) => m.id)).toEqual([
      ids.internal,
      ids.sameFrame,
      ids.range,
      ids.done,
      ids.drawn,
      ids.client,
    ]);
    expect(data[0]).toEqual({
      id: ids.internal,
      frame: 10,
      duration_frames: null,
      flags: MARKER_FLAGS.internal,
      author: { type: 'user', name: 'Olivia Owner' },
    });
    expect(byId(data, ids.range)).toMatchObject({ duration_frames: 5, flags: 0 });
    expect(byId(data, ids.done)?.flags).toBe(MARKER_FLAGS.done);
    expect(byId(data, ids.drawn)?.flags).toBe(MARKER_FLAGS.drawing);
    expect(byId(data, ids.client)?.author).toEqual({ type: 'portal_user', name: 'Casey Client' });
    // Each author is listed once, however many threads they wrote.
    const res = await owner.client.get(`/api/v1/versions/${versionId}/timeline-markers`);
    expect(res.body.data.authors).toHaveLength(2);
  });

  it('an API key reads the same markers as the session', async () => {
    expect(await markers(apiKeyClient)).toEqual(await markers(owner.client));
  });

  it('a portal user never sees internal threads, and sees the team as its alias', async () => {
    const data = await markers(portal.client);
    expect(data.map((m) => m.id)).toEqual([ids.sameFrame, ids.range, ids.done, ids.drawn, ids.client]);
    expect(data.every((m) => (m.flags & MARKER_FLAGS.internal) === 0)).toBe(true);
    expect(data[0]?.author).toEqual({ type: 'user', name: 'Production team' });
  });

  it('an unknown version is 404, and so is another organization’s', async () => {
    const missing = await owner.client.get(
      '/api/v1/versions/0190a4d2-0000-7000-8000-000000000000/timeline-markers',
    );
    expect(missing.status).toBe(404);
    const other = await signUp(app, { name: 'Nosy Neighbour' });
    const foreign = await other.client.get(`/api/v1/versions/${versionId}/timeline-markers`);
    expect(foreign.status).toBe(404);
  });
});

/** Walks the pages of `limit` threads; returns every thread id in order and how many pages. */
async function walk(c: TestClient, limit: number, status = 'all') {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q: string = `limit=${limit}&status=${status}${cursor ? `&cursor=${cursor}` : ''}`;
    const res: TestResponse = await c.get(`/api/v1/versions/${versionId}/comments?${q}`);
    expect(res.status, res.text).toBe(200);
    const data = res.body.data as Array<{ id: string; replies: Array<{ id: string }> }>;
    expect(data.length).toBeLessThanOrEqual(limit);
    seen.push(...data.map((t) => t.id));
    if (data.some((t) => t.id === ids.range)) {
      expect(data.find((t) => t.id === ids.range)?.replies.map((r) => r.id)).toEqual([ids.reply]);
    }
    cursor = res.body.next_cursor;
    pages++;
  } while (cursor);
  return { seen, pages };
}

const wholeList = async (c: TestClient, status = 'all') =>
  (
    (await c.get(`/api/v1/versions/${versionId}/comments?status=${status}`)).body.data as Array<{
      id: string;
    }>
  ).map((t) => t.id);

describe('GET /versions/{id}/comments?limit=…&cursor=…', () => {
  it('pages through the same threads in the same order as the whole list, replies with their thread', async () => {
    for (const limit of [1, 2, 3, 200]) {
      const { seen, pages } = await walk(owner.client, limit);
      expect(seen).toEqual(await wholeList(owner.client));
      expect(pages).toBe(Math.max(1, Math.ceil(seen.length / limit)));
    }
    expect(await wholeList(owner.client)).not.toContain(ids.deleted);
    expect(await wholeList(owner.client)).toContain(ids.tomb);
    expect((await wholeList(owner.client)).at(-1)).toBe(ids.general);
  });

  it('keeps the status filter and the portal’s visibility rule on every page (session and API key)', async () => {
    expect((await walk(owner.client, 2, 'open')).seen).toEqual(await wholeList(owner.client, 'open'));
    expect((await walk(apiKeyClient, 2, 'done')).seen).toEqual([ids.done]);
    const client = (await walk(portal.client, 2)).seen;
    expect(client).toEqual(await wholeList(portal.client));
    expect(client).not.toContain(ids.internal);
  });

  it('refuses a bad cursor or limit with a named error', async () => {
    const base = `/api/v1/versions/${versionId}/comments`;
    const bad = await owner.client.get(`${base}?limit=2&cursor=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_cursor');
    // A cursor at a thread the portal user may not see is no place to resume from.
    const hidden = Buffer.from(ids.internal!).toString('base64url');
    const peek = await portal.client.get(`${base}?limit=2&cursor=${hidden}`);
    expect(peek.status).toBe(400);
    expect(peek.body.error.code).toBe('invalid_cursor');
    const noLimit = await owner.client.get(`${base}?cursor=${hidden}`);
    expect(noLimit.status).toBe(400);
    expect(noLimit.body.error.code).toBe('cursor_needs_limit');
    expect((await owner.client.get(`${base}?limit=0`)).status).toBe(400);
    expect((await owner.client.get(`${base}?limit=201`)).status).toBe(400);
  });
});

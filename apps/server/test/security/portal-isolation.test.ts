import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.ts';
import { createDeliverable, createPortalClient, createVersion } from '../helpers/factories.ts';
import type { TestClient } from '../helpers/http-client.ts';
import { SseStream } from '../helpers/sse-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  magicLinkFor,
  makeClient,
  makeDeliverable,
  makeTree,
  makeUmbrellaClient,
  type Owner,
  portalLogin,
  type Row,
} from '../integration/domain-fixtures.ts';

/**
 * A portal client (a contact of one client, logged in by magic link) sees its own client's
 * submitted work and nothing else.
 * Attacks: open another client's shows, episodes, deliverables or comments by id; read internal
 * comments or drafts; call team endpoints with a portal session (or portal endpoints with a team
 * session); listen on the live stream for other clients' or internal events; upload.
 * Promises: other clients' and other organizations' ids are 404; drafts and internal comments do
 * not exist for the portal; team endpoints are 403; the stream carries only the client's own
 * non-internal events, with team members' names hidden; uploads are 403.
 */
let app: TestApp;
let owner: Owner;
/** A client with a submitted deliverable and a 23.976 version, for the comment specs. */
let clientId: string;
let deliverableId: string;
let v2398: string;
const streams: SseStream[] = [];

beforeAll(async () => {
  app = await startTestApp();
  owner = await signUp(app, { name: 'Olivia Owner' });
  ({ clientId, deliverableId } = await createDeliverable(app, owner.orgId));
  v2398 = await createVersion(app, owner.orgId, deliverableId, { rate: [24000, 1001], durationFrames: 2000 });
});
afterAll(async () => {
  for (const s of streams) s.close();
  await app?.close();
});

const post = (c: TestClient, version: string, body: Record<string, unknown>) =>
  c.post(`/api/v1/versions/${version}/comments`, body);
const list = async (c: TestClient, version: string) => {
  const res = await c.get(`/api/v1/versions/${version}/comments`);
  expect(res.status).toBe(200);
  // biome-ignore lint/suspicious/noExplicitAny: API JSON, asserted field by field
  return res.body.data as any[];
};

/** A portal contact of a new client in the org, with the headers its browser would send. */
async function portalSession(target: TestApp, orgId: string) {
  const { clientId } = await createDeliverable(target, orgId);
  const { client } = await createPortalClient(target, orgId, clientId);
  return { clientId, headers: { cookie: `preroll_session=${client.cookie('preroll_session')}` } };
}

async function openStream(target: TestApp, headers: Record<string, string>) {
  const stream = await SseStream.open(`${target.url}/api/v1/events`, headers);
  streams.push(stream);
  return stream;
}

describe('what a portal client sees', () => {
  let portal: TestClient;
  let mine: {
    client: Row;
    show: Row;
    episode: Row;
    draft: string;
    submitted: string;
    approved: string;
    revision: string;
    resubmitted: string;
  };
  let theirs: Awaited<ReturnType<typeof makeTree>>;

  beforeAll(async () => {
    const c = owner.client;
    mine = await makeUmbrellaClient(c, {
      draft: ['Draft cut', []],
      submitted: ['Submitted cut', ['submit']],
      approved: ['Approved cut', ['submit', 'approve']],
      revision: ['Needs work', ['submit', 'request-revision']],
      resubmitted: ['Second try', ['submit', 'request-revision', 'submit']],
    });
    theirs = await makeTree(c);
    expect((await c.post(`/api/v1/deliverables/${theirs.deliverable.id}/submit`)).status).toBe(200);
    const { token } = await magicLinkFor(app, c, mine.client.id);
    portal = await portalLogin(app, token);
  });

  it('show and episode lists hold only the contact’s own client’s rows', async () => {
    const shows = await portal.get('/api/v1/portal/shows');
    expect(shows.status).toBe(200);
    expect(shows.body.data).toEqual([
      { id: mine.show.id, title: 'Umbrella Weekly', description: 'internal notes here' },
    ]);
    const episodes = await portal.get(`/api/v1/portal/shows/${mine.show.id}/episodes`);
    expect(episodes.body.data.map((e: { id: string }) => e.id)).toEqual([mine.episode.id]);
    expect(episodes.body.data[0]).not.toHaveProperty('status');
  });

  it('drafts never appear in the portal; other deliverables carry only the simplified status', async () => {
    const res = await portal.get(`/api/v1/portal/episodes/${mine.episode.id}/deliverables`);
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(
      res.body.data.map((d: { id: string; status: string }) => [d.id, d.status]),
    );
    expect(byId).toEqual({
      [mine.submitted]: 'in_review',
      [mine.approved]: 'approved',
      [mine.revision]: 'changes_requested',
      [mine.resubmitted]: 'in_review',
    });
    expect(res.text).not.toContain(mine.draft);
  });

  it('another client’s show or episode → 404', async () => {
    const show = await portal.get(`/api/v1/portal/shows/${theirs.show.id}/episodes`);
    expect(show.status).toBe(404);
    expect(show.body.error.code).toBe('not_found');
    const episode = await portal.get(`/api/v1/portal/episodes/${theirs.episode.id}/deliverables`);
    expect(episode.status).toBe(404);
  });

  it('cannot act on drafts (404), on other clients’ work (404), twice (409), or submit (403)', async () => {
    const draft = await portal.post(`/api/v1/deliverables/${mine.draft}/approve`);
    expect(draft.status).toBe(404);
    const other = await portal.post(`/api/v1/deliverables/${theirs.deliverable.id}/approve`);
    expect(other.status).toBe(404);
    expect((await owner.client.get(`/api/v1/deliverables/${theirs.deliverable.id}`)).body.data.status).toBe(
      'submitted',
    );
    const twice = await portal.post(`/api/v1/deliverables/${mine.approved}/request-revision`);
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'invalid_transition', status: 'approved' });
    const submit = await portal.post(`/api/v1/deliverables/${mine.revision}/submit`);
    expect(submit.status).toBe(403);
    expect((await owner.client.get(`/api/v1/deliverables/${mine.revision}`)).body.data.status).toBe(
      'revision_requested',
    );
  });

  it('receives status changes of its own client over SSE, never another client’s', async () => {
    const ctrl = new AbortController();
    const res = await fetch(new URL('/api/v1/events', app.url), {
      headers: { cookie: `preroll_session=${portal.cookie('preroll_session')}` },
      signal: ctrl.signal,
    });
    expect(res.status).toBe(200);
    const received: Array<{ type: string; data: Record<string, unknown> }> = [];
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const pump = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
            const data = buffer
              .slice(0, i)
              .split('\n')
              .find((l) => l.startsWith('data: '));
            buffer = buffer.slice(i + 2);
            if (data) received.push(JSON.parse(data.slice(6)));
          }
        }
      } catch {
        // aborted at the end of the test
      }
    })();
    const other = await makeDeliverable(owner.client, theirs.episode.id);
    const own = await makeDeliverable(owner.client, mine.episode.id);
    expect((await owner.client.post(`/api/v1/deliverables/${other.id}/submit`)).status).toBe(200);
    expect((await owner.client.post(`/api/v1/deliverables/${own.id}/submit`)).status).toBe(200);
    const deadline = Date.now() + 5000;
    while (!received.some((e) => e.data.id === own.id) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    ctrl.abort();
    await pump;
    // Events arrive in order, so the other client's (published first) would be here by now.
    expect(received.map((e) => [e.type, e.data.id])).toEqual([['deliverable.status_changed', own.id]]);
    expect(received[0]!.data).toMatchObject({ client_id: mine.client.id, client_status: 'in_review' });
    // The producer who submitted is not named to the client (as in comment threads).
    expect(received[0]!.data.actor).toEqual({ type: 'team', name: 'Production team' });
  });

  it('team endpoints answer 403 to a portal session', async () => {
    const calls: Array<[string, string, unknown?]> = [
      ['GET', '/api/v1/clients'],
      ['POST', '/api/v1/clients', { name: 'X' }],
      ['GET', `/api/v1/clients/${mine.client.id}`],
      ['GET', '/api/v1/shows'],
      ['GET', `/api/v1/shows/${mine.show.id}`],
      ['GET', '/api/v1/episodes'],
      ['PATCH', `/api/v1/episodes/${mine.episode.id}`, { title: 'X' }],
      ['GET', '/api/v1/deliverables'],
      ['GET', `/api/v1/deliverables/${mine.approved}`],
      ['DELETE', `/api/v1/deliverables/${mine.approved}`],
      ['GET', `/api/v1/activity?episode_id=${mine.episode.id}`],
      ['POST', `/api/v1/clients/${mine.client.id}/portal-users`, { email: 'x@y.test', name: 'X' }],
    ];
    for (const [method, path, body] of calls) {
      const res = await portal.request(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code, `${method} ${path}`).toBe('forbidden');
    }
  });

  it('portal endpoints answer 403 to a team session, 401 to nobody', async () => {
    const res = await owner.client.get('/api/v1/portal/shows');
    expect(res.status).toBe(403);
    expect((await app.client().get('/api/v1/portal/shows')).status).toBe(401);
  });

  it('a portal client of another organization sees none of this organization’s content', async () => {
    const other = await signUp(app);
    const otherClient = await makeClient(other.client);
    const { token } = await magicLinkFor(app, other.client, otherClient.id);
    const stranger = await portalLogin(app, token);
    expect((await stranger.get('/api/v1/portal/shows')).body.data).toEqual([]);
    expect((await stranger.get(`/api/v1/portal/shows/${mine.show.id}/episodes`)).status).toBe(404);
    expect((await stranger.get(`/api/v1/portal/episodes/${mine.episode.id}/deliverables`)).status).toBe(404);
    expect((await stranger.post(`/api/v1/deliverables/${mine.resubmitted}/approve`)).status).toBe(404);
  });
});

describe('comments: internal stays internal', () => {
  it('a portal client sees only client-visible comments (team members as "Production team"), cannot post internal ones or reach an internal thread (404), and a client thread cannot be made internal', async () => {
    const d = await createDeliverable(app, owner.orgId, { clientId });
    const v = await createVersion(app, owner.orgId, d.deliverableId, { rate: [24, 1], durationFrames: 500 });
    const internal = await post(owner.client, v, { body: 'internal note', frame: 5, visibility: 'internal' });
    await post(owner.client, v, { body: 'internal reply', parent_id: internal.body.data.id });
    const shared = await post(owner.client, v, { body: 'for the client', frame: 7 });
    const portal = await createPortalClient(app, owner.orgId, clientId, 'Casey Client');

    const seen = await list(portal.client, v);
    expect(seen.map((t) => t.body)).toEqual(['for the client']);
    expect(seen[0].author).toEqual({ type: 'user', id: null, name: 'Production team' });
    expect(JSON.stringify(seen)).not.toContain('Olivia');

    const mine = await post(portal.client, v, { body: 'Can we trim this?', frame: 9 });
    expect(mine.status).toBe(201);
    expect(mine.body.data).toMatchObject({
      visibility: 'client',
      author: { type: 'portal_user', id: portal.portalUserId, name: 'Casey Client' },
    });
    const replied = await post(portal.client, v, { body: 'thanks', parent_id: shared.body.data.id });
    expect(replied.status).toBe(201);

    const internalPost = await post(portal.client, v, { body: 'secret', visibility: 'internal' });
    expect(internalPost.status).toBe(403);
    expect(internalPost.body.error.code).toBe('visibility_not_allowed');
    // An internal thread is invisible, so replying to it is a 404, as is editing it.
    expect((await post(portal.client, v, { body: 'x', parent_id: internal.body.data.id })).status).toBe(404);
    expect(
      (await portal.client.patch(`/api/v1/comments/${internal.body.data.id}`, { body: 'x' })).status,
    ).toBe(404);
    // The team sees the client's comment with the real name.
    const teamView = await list(owner.client, v);
    expect(teamView.find((t) => t.id === mine.body.data.id)?.author.name).toBe('Casey Client');

    // A thread a client took part in cannot be hidden from them.
    const hide = await owner.client.patch(`/api/v1/comments/${shared.body.data.id}`, {
      visibility: 'internal',
    });
    expect(hide.status).toBe(403);
    expect(hide.body.error.code).toBe('visibility_not_allowed');
    expect(
      (await owner.client.patch(`/api/v1/comments/${mine.body.data.id}`, { visibility: 'internal' })).status,
    ).toBe(403);

    // The organization may opt in to showing team names.
    await app.preroll.db
      .updateTable('organizations')
      .set({ settings_json: JSON.stringify({ show_team_names_to_clients: true }) })
      .where('id', '=', owner.orgId)
      .execute();
    const named = await list(portal.client, v);
    expect(named.find((t) => t.id === shared.body.data.id)?.author).toEqual({
      type: 'user',
      id: owner.userId,
      name: 'Olivia Owner',
    });
    await app.preroll.db
      .updateTable('organizations')
      .set({ settings_json: '{}' })
      .where('id', '=', owner.orgId)
      .execute();
  });

  it("comments on a draft deliverable's version or on another client's version → 404 for a portal client", async () => {
    const draft = await createDeliverable(app, owner.orgId, { clientId, status: 'draft' });
    const v = await createVersion(app, owner.orgId, draft.deliverableId, {
      rate: [24, 1],
      durationFrames: 10,
    });
    const portal = await createPortalClient(app, owner.orgId, clientId);
    expect((await portal.client.get(`/api/v1/versions/${v}/comments`)).status).toBe(404);
    expect((await post(portal.client, v, { body: 'x' })).status).toBe(404);
    const other = await createDeliverable(app, owner.orgId);
    const stranger = await createPortalClient(app, owner.orgId, other.clientId);
    expect((await stranger.client.get(`/api/v1/versions/${v2398}/comments`)).status).toBe(404);
  });
});

describe('the live stream', () => {
  it("sends a portal user only their own client's non-internal events", async () => {
    const owner = await signUp(app);
    const portal = await portalSession(app, owner.orgId);
    const stream = await openStream(app, portal.headers);
    expect(stream.response.status).toBe(200);
    await stream.connected();
    const publish = (data: Record<string, unknown>) =>
      app.preroll.events.publish(owner.orgId, { type: 'comment.created', data });
    await publish({ id: 'internal-no-client' });
    await publish({ id: 'client-visible-no-client', visibility: 'client' });
    await publish({ id: 'other-client', client_id: newId(), visibility: 'client' });
    await publish({ id: 'own-internal', client_id: portal.clientId, visibility: 'internal' });
    await publish({ id: 'own-visible', client_id: portal.clientId, visibility: 'client' });
    await publish({ id: 'own-status', client_id: portal.clientId });
    await stream.waitFor((m) => m.data.id === 'own-status');
    // One stream delivers in publish order, so nothing else can still be on its way.
    expect(stream.messages.map((m) => m.data.id)).toEqual(['own-visible', 'own-status']);
    stream.close();
  });
});

describe('uploads', () => {
  it('a portal client cannot upload (403)', async () => {
    const { createPortalClient } = await import('../helpers/factories.ts');
    const { clientId } = await createDeliverable(app, owner.orgId);
    const portal = await createPortalClient(app, owner.orgId, clientId);
    const res = await portal.client.request('POST', '/api/v1/uploads', undefined, {
      headers: {
        'tus-resumable': '1.0.0',
        'upload-length': '10',
        'upload-metadata': `deliverable_id ${Buffer.from(deliverableId).toString('base64')}`,
      },
    });
    expect(res.status).toBe(403);
  });
});

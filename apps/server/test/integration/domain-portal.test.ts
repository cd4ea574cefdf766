import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/lib/hash.ts';
import type { TestClient } from '../helpers/http-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  activityRows,
  magicLinkFor,
  makeClient,
  makeDeliverable,
  makeEpisode,
  makeShow,
  makeTree,
  type Owner,
  portalLogin,
  type Row,
  sendLink,
} from './domain-fixtures.ts';

/** A clock the tests move forward, to expire magic links without waiting. */
const clock = {
  offsetMs: 0,
  now() {
    return new Date(Date.now() + this.offsetMs);
  },
};

let app: TestApp;
let owner: Owner;
beforeAll(async () => {
  app = await startTestApp({}, { clock });
  owner = await signUp(app);
});
afterAll(async () => {
  await app?.close();
});

describe('magic links', () => {
  it('mails a link to PUBLIC_URL/portal/login, stores only its SHA-256, and logs the contact in once', async () => {
    const client = await makeClient(owner.client, { name: 'Initech' });
    const { user, token, email } = await magicLinkFor(app, owner.client, client.id);
    expect(user).toMatchObject({ client_id: client.id, email, name: 'Casey Client' });

    const links = await app.preroll.db
      .selectFrom('magic_links')
      .selectAll()
      .where('portal_user_id', '=', user.id)
      .execute();
    expect(links).toHaveLength(1);
    expect(links[0]!.token_hash).toBe(sha256Hex(token));
    expect(JSON.stringify(links)).not.toContain(token);
    const ttl = Date.parse(links[0]!.expires_at) - Date.parse(links[0]!.created_at);
    expect(ttl).toBe(15 * 60 * 1000);

    const portal = app.client();
    const login = await portal.post('/api/v1/portal/login', { token });
    expect(login.status).toBe(200);
    expect(login.body.data.user).toMatchObject({ id: user.id, email });
    expect(login.body.data.client).toEqual({ id: client.id, name: 'Initech' });
    expect(login.headers.getSetCookie().join(';')).toMatch(/preroll_session=.*HttpOnly/i);
    const me = await portal.get('/api/v1/portal/me');
    expect(me.status).toBe(200);
    expect(me.body.data.user.id).toBe(user.id);

    const again = await app.client().post('/api/v1/portal/login', { token });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('invalid_magic_link');
  });

  it('expires after 15 minutes (401 invalid_magic_link), works just before', async () => {
    const client = await makeClient(owner.client);
    const { user, token, email } = await magicLinkFor(app, owner.client, client.id);
    clock.offsetMs += 15 * 60 * 1000 + 1000;
    try {
      const expired = await app.client().post('/api/v1/portal/login', { token });
      expect(expired.status).toBe(401);
      expect(expired.body.error.code).toBe('invalid_magic_link');
      const fresh = await sendLink(app, owner.client, user.id, email);
      clock.offsetMs += 14 * 60 * 1000;
      expect((await app.client().post('/api/v1/portal/login', { token: fresh })).status).toBe(200);
    } finally {
      clock.offsetMs = 0;
    }
  });

  it('an unknown token → 401 invalid_magic_link and no session is created', async () => {
    const sessionsBefore = await app.preroll.db.selectFrom('sessions').select('id').execute();
    const res = await app.client().post('/api/v1/portal/login', { token: 'x'.repeat(43) });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_magic_link');
    expect(await app.preroll.db.selectFrom('sessions').select('id').execute()).toHaveLength(
      sessionsBefore.length,
    );
  });

  it('a contact is unique per client (409 portal_user_exists), but may be invited by another client', async () => {
    const c1 = await makeClient(owner.client);
    const c2 = await makeClient(owner.client);
    const body = { email: 'Sam@Agency.test', name: 'Sam' };
    expect((await owner.client.post(`/api/v1/clients/${c1.id}/portal-users`, body)).status).toBe(201);
    const dup = await owner.client.post(`/api/v1/clients/${c1.id}/portal-users`, {
      ...body,
      email: 'sam@agency.test',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('portal_user_exists');
    expect((await owner.client.post(`/api/v1/clients/${c2.id}/portal-users`, body)).status).toBe(201);
    const list = await owner.client.get(`/api/v1/clients/${c1.id}/portal-users`);
    expect(list.body.data.map((u: { email: string }) => u.email)).toEqual(['sam@agency.test']);
  });

  it('two concurrent invitations of the same contact: one 201, one 409, one row', async () => {
    const client = await makeClient(owner.client);
    const body = { email: 'twice@agency.test', name: 'Twice' };
    const results = await Promise.all([
      owner.client.post(`/api/v1/clients/${client.id}/portal-users`, body),
      owner.client.post(`/api/v1/clients/${client.id}/portal-users`, body),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await owner.client.get(`/api/v1/clients/${client.id}/portal-users`)).body.data).toHaveLength(1);
  });

  it('removing a contact ends their portal session', async () => {
    const client = await makeClient(owner.client);
    const { user, token } = await magicLinkFor(app, owner.client, client.id);
    const portal = await portalLogin(app, token);
    expect((await portal.get('/api/v1/portal/shows')).status).toBe(200);
    expect((await owner.client.delete(`/api/v1/portal-users/${user.id}`)).status).toBe(204);
    expect((await portal.get('/api/v1/portal/shows')).status).toBe(401);
  });

  it('bad input: unknown field, bad email, missing token → 400 with codes, nothing written', async () => {
    const client = await makeClient(owner.client);
    const unknown = await owner.client.post(`/api/v1/clients/${client.id}/portal-users`, {
      email: 'a@b.test',
      name: 'A',
      role: 'admin',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unknown_field_role');
    const badEmail = await owner.client.post(`/api/v1/clients/${client.id}/portal-users`, {
      email: 'nope',
      name: 'A',
    });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error.code).toBe('invalid_email');
    expect((await owner.client.get(`/api/v1/clients/${client.id}/portal-users`)).body.data).toEqual([]);
    const noToken = await app.client().post('/api/v1/portal/login', {});
    expect(noToken.status).toBe(400);
    expect(noToken.body.error.code).toBe('invalid_token');
    const badId = await owner.client.post('/api/v1/portal-users/nope/magic-link');
    expect(badId.status).toBe(400);
    expect(badId.body.error.code).toBe('invalid_id');
  });
});

describe('what a portal client sees and does', () => {
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
    const client = await makeClient(c, { name: 'Umbrella' });
    const show = await makeShow(c, client.id, {
      title: 'Umbrella Weekly',
      description: 'internal notes here',
    });
    const episode = await makeEpisode(c, show.id, { title: 'Ep 1', number: 1 });
    const d = async (title: string, path: string[]) => {
      const row = await makeDeliverable(c, episode.id, { title });
      for (const action of path)
        expect((await c.post(`/api/v1/deliverables/${row.id}/${action}`)).status).toBe(200);
      return row.id as string;
    };
    mine = {
      client,
      show,
      episode,
      draft: await d('Draft cut', []),
      submitted: await d('Submitted cut', ['submit']),
      approved: await d('Approved cut', ['submit', 'approve']),
      revision: await d('Needs work', ['submit', 'request-revision']),
      resubmitted: await d('Second try', ['submit', 'request-revision', 'submit']),
    };
    theirs = await makeTree(c);
    expect((await c.post(`/api/v1/deliverables/${theirs.deliverable.id}/submit`)).status).toBe(200);
    const { token } = await magicLinkFor(app, c, client.id);
    portal = await portalLogin(app, token);
  });

  it('lists only their own client’s shows and episodes', async () => {
    const shows = await portal.get('/api/v1/portal/shows');
    expect(shows.status).toBe(200);
    expect(shows.body.data).toEqual([
      { id: mine.show.id, title: 'Umbrella Weekly', description: 'internal notes here' },
    ]);
    const episodes = await portal.get(`/api/v1/portal/shows/${mine.show.id}/episodes`);
    expect(episodes.body.data.map((e: { id: string }) => e.id)).toEqual([mine.episode.id]);
    expect(episodes.body.data[0]).not.toHaveProperty('status');
  });

  it('sees only non-draft deliverables, with the simplified status', async () => {
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

  it('approves a submitted deliverable; the log says it was the client', async () => {
    const res = await portal.post(`/api/v1/deliverables/${mine.submitted}/approve`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: mine.submitted, status: 'approved' });
    expect((await owner.client.get(`/api/v1/deliverables/${mine.submitted}`)).body.data.status).toBe(
      'approved',
    );
    const row = (await activityRows(app, mine.submitted)).at(-1)!;
    expect(row).toMatchObject({
      action: 'status_changed',
      actor_type: 'portal_user',
      actor_name: 'Casey Client',
    });
    expect(JSON.parse(row.data_json)).toMatchObject({ from: 'submitted', to: 'approved' });
  });

  it('requests a revision with a note on a resubmitted deliverable', async () => {
    const res = await portal.post(`/api/v1/deliverables/${mine.resubmitted}/request-revision`, {
      note: 'Logo too small',
    });
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('changes_requested');
    const row = (await activityRows(app, mine.resubmitted)).at(-1)!;
    expect(JSON.parse(row.data_json)).toEqual({
      from: 'resubmitted',
      to: 'revision_requested',
      note: 'Logo too small',
    });
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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { makeTree, type Owner } from '../integration/domain-fixtures.ts';

/**
 * Attack: a member of organization B reads, changes, deletes or creates under organization A's
 * clients, shows, episodes, deliverables and portal users by their ids (in paths, in list filters,
 * as parents), or hopes a list shows A's rows.
 * Promise: every such call is "not found" (404 `not_found`, never 403, nothing of A's in the
 * answer), lists never include A's rows, and nothing of A's changes. tenancy-route-sweep.test.ts
 * walks every route of the app the same way.
 */
let app: TestApp;
let a: Owner;
let b: Owner;
let tree: Awaited<ReturnType<typeof makeTree>>;
let portalUserId: string;

beforeAll(async () => {
  app = await startTestApp();
  a = await signUp(app);
  b = await signUp(app);
  tree = await makeTree(a.client);
  expect((await a.client.post(`/api/v1/deliverables/${tree.deliverable.id}/submit`)).status).toBe(200);
  const pu = await a.client.post(`/api/v1/clients/${tree.client.id}/portal-users`, {
    email: 'pat@acme.test',
    name: 'Pat',
  });
  portalUserId = pu.body.data.id;
  await makeTree(b.client);
});
afterAll(async () => {
  await app?.close();
});

const snapshot = async () => {
  const db = app.preroll.db;
  return {
    clients: await db.selectFrom('clients').selectAll().where('org_id', '=', a.orgId).execute(),
    shows: await db.selectFrom('shows').selectAll().where('org_id', '=', a.orgId).execute(),
    episodes: await db.selectFrom('episodes').selectAll().where('org_id', '=', a.orgId).execute(),
    deliverables: await db.selectFrom('deliverables').selectAll().where('org_id', '=', a.orgId).execute(),
    portal_users: await db.selectFrom('portal_users').selectAll().where('org_id', '=', a.orgId).execute(),
    magic_links: await db.selectFrom('magic_links').selectAll().where('org_id', '=', a.orgId).execute(),
    activity: await db.selectFrom('activity').selectAll().where('org_id', '=', a.orgId).execute(),
  };
};

describe('another organization’s ids → 404', () => {
  it('on every read, update, delete, create-under-parent and lifecycle action; nothing changes', async () => {
    const before = await snapshot();
    const calls: Array<[string, string, unknown?]> = [
      ['GET', `/api/v1/clients/${tree.client.id}`],
      ['PATCH', `/api/v1/clients/${tree.client.id}`, { name: 'Hijacked' }],
      ['DELETE', `/api/v1/clients/${tree.client.id}`],
      ['GET', `/api/v1/shows/${tree.show.id}`],
      ['PATCH', `/api/v1/shows/${tree.show.id}`, { title: 'Hijacked' }],
      ['DELETE', `/api/v1/shows/${tree.show.id}`],
      ['GET', `/api/v1/episodes/${tree.episode.id}`],
      ['PATCH', `/api/v1/episodes/${tree.episode.id}`, { title: 'Hijacked' }],
      ['DELETE', `/api/v1/episodes/${tree.episode.id}`],
      ['GET', `/api/v1/deliverables/${tree.deliverable.id}`],
      ['PATCH', `/api/v1/deliverables/${tree.deliverable.id}`, { title: 'Hijacked' }],
      ['DELETE', `/api/v1/deliverables/${tree.deliverable.id}`],
      ['POST', `/api/v1/clients/${tree.client.id}/shows`, { title: 'Planted' }],
      ['POST', `/api/v1/shows/${tree.show.id}/episodes`, { title: 'Planted' }],
      ['POST', `/api/v1/episodes/${tree.episode.id}/deliverables`, { title: 'Planted' }],
      ['POST', `/api/v1/deliverables/${tree.deliverable.id}/approve`, {}],
      ['POST', `/api/v1/deliverables/${tree.deliverable.id}/request-revision`, { note: 'x' }],
      ['POST', `/api/v1/deliverables/${tree.deliverable.id}/submit`, {}],
      ['GET', `/api/v1/shows?client_id=${tree.client.id}`],
      ['GET', `/api/v1/episodes?show_id=${tree.show.id}`],
      ['GET', `/api/v1/deliverables?episode_id=${tree.episode.id}`],
      ['POST', `/api/v1/clients/${tree.client.id}/portal-users`, { email: 'spy@b.test', name: 'Spy' }],
      ['GET', `/api/v1/clients/${tree.client.id}/portal-users`],
      ['POST', `/api/v1/portal-users/${portalUserId}/magic-link`, {}],
      ['DELETE', `/api/v1/portal-users/${portalUserId}`],
    ];
    for (const [method, path, body] of calls) {
      const res = await b.client.request(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code, `${method} ${path}`).toBe('not_found');
      expect(res.text, `${method} ${path}`).not.toContain('Acme Media');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('the same holds over a Bearer API key of the other organization', async () => {
    const key = (await b.client.post('/api/v1/api-keys', { name: 'ci' })).body.data.key as string;
    const bearer = app.client().withBearer(key);
    expect((await bearer.get(`/api/v1/deliverables/${tree.deliverable.id}`)).status).toBe(404);
    expect(
      (await bearer.post(`/api/v1/episodes/${tree.episode.id}/deliverables`, { title: 'x' })).status,
    ).toBe(404);
  });
});

describe('lists never include another organization’s rows', () => {
  it('clients, shows, episodes, deliverables and activity lists (also filtered by the other organization’s ids) hold none of its rows', async () => {
    const aIds = new Set([tree.client.id, tree.show.id, tree.episode.id, tree.deliverable.id]);
    for (const path of [
      '/api/v1/clients',
      '/api/v1/shows',
      '/api/v1/episodes',
      '/api/v1/deliverables',
      '/api/v1/activity',
    ]) {
      const res = await b.client.get(`${path}?limit=200`);
      expect(res.status, path).toBe(200);
      expect(res.body.data.length, path).toBeGreaterThan(0);
      for (const row of res.body.data) {
        expect(aIds.has(row.id), path).toBe(false);
        expect(aIds.has(row.subject_id), path).toBe(false);
      }
    }
    const feed = await b.client.get(`/api/v1/activity?episode_id=${tree.episode.id}`);
    expect(feed.status).toBe(200);
    expect(feed.body.data).toEqual([]);
    const bySubject = await b.client.get(`/api/v1/activity?deliverable_id=${tree.deliverable.id}`);
    expect(bySubject.body.data).toEqual([]);
    // …while the owning org sees its own feed.
    const own = await a.client.get(`/api/v1/activity?deliverable_id=${tree.deliverable.id}`);
    expect(own.body.data.map((r: { action: string }) => r.action)).toEqual(['status_changed', 'created']);
  });
});

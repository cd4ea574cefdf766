import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  activityRows,
  type CountedTable,
  collectPages,
  countInOrg,
  makeClient,
  makeDeliverable,
  makeEpisode,
  makeShow,
  makeTree,
  type Owner,
} from './domain-fixtures.ts';

/** Create, read, list, update and delete of clients, shows, episodes and deliverables. */
let app: TestApp;
let owner: Owner;
beforeAll(async () => {
  app = await startTestApp();
  owner = await signUp(app);
});
afterAll(async () => {
  await app?.close();
});

const count = (table: CountedTable, orgId: string) => countInOrg(app, table, orgId);

describe('clients CRUD', () => {
  it('creates, reads, lists, updates and deletes a client', async () => {
    const c = owner.client;
    const created = await c.post('/api/v1/clients', {
      name: 'Globex',
      contact_email: 'Producer@Globex.test',
      notes: 'VIP',
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      name: 'Globex',
      contact_email: 'producer@globex.test',
      notes: 'VIP',
    });
    const id = created.body.data.id;

    const read = await c.get(`/api/v1/clients/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual(created.body.data);

    const list = await c.get('/api/v1/clients');
    expect(list.status).toBe(200);
    expect(list.body.data.map((r: { id: string }) => r.id)).toContain(id);
    expect(list.body).toHaveProperty('next_cursor');

    const patched = await c.patch(`/api/v1/clients/${id}`, { notes: null, name: 'Globex Corp' });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({
      name: 'Globex Corp',
      notes: null,
      contact_email: 'producer@globex.test',
    });
    expect((await c.get(`/api/v1/clients/${id}`)).body.data).toEqual(patched.body.data);

    expect((await c.delete(`/api/v1/clients/${id}`)).status).toBe(204);
    const gone = await c.get(`/api/v1/clients/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('not_found');
    expect((await c.delete(`/api/v1/clients/${id}`)).status).toBe(404);
  });

  it('pages through clients without duplicates or gaps', async () => {
    const o = await signUp(app);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await makeClient(o.client, { name: `C${i}` })).id);
    const { all, pages } = await collectPages(o.client, '/api/v1/clients', 3);
    expect(pages).toBe(3);
    expect(all.map((r) => r.id)).toEqual(ids);
  });
});

describe('shows CRUD', () => {
  it('creates under a client, filters by client_id, updates, deletes', async () => {
    const c = owner.client;
    const a = await makeClient(c, { name: 'A' });
    const b = await makeClient(c, { name: 'B' });
    const s1 = await makeShow(c, a.id, { title: 'Morning', description: 'daily' });
    const s2 = await makeShow(c, b.id, { title: 'Evening' });
    expect(s1).toMatchObject({ client_id: a.id, title: 'Morning', description: 'daily' });

    const forA = await c.get(`/api/v1/shows?client_id=${a.id}`);
    expect(forA.body.data.map((s: { id: string }) => s.id)).toEqual([s1.id]);
    const all = await c.get('/api/v1/shows?limit=200');
    expect(all.body.data.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([s1.id, s2.id]));

    expect((await c.get(`/api/v1/shows/${s1.id}`)).body.data).toEqual(s1);
    const patched = await c.patch(`/api/v1/shows/${s1.id}`, { title: 'Mornings', description: null });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ title: 'Mornings', description: null, client_id: a.id });

    expect((await c.delete(`/api/v1/shows/${s1.id}`)).status).toBe(204);
    expect((await c.get(`/api/v1/shows/${s1.id}`)).status).toBe(404);
  });

  it('creating a show under an unknown client → 404 and nothing written', async () => {
    const o = await signUp(app);
    const res = await o.client.post('/api/v1/clients/0190f0f0-0000-7000-8000-000000000000/shows', {
      title: 'X',
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    expect(await count('shows', o.orgId)).toBe(0);
  });
});

describe('episodes CRUD', () => {
  it('creates, reads, updates (status, number, air_date) and deletes an episode', async () => {
    const c = owner.client;
    const client = await makeClient(c);
    const show = await makeShow(c, client.id);
    const ep = await makeEpisode(c, show.id, { title: 'Ep 1', number: 1, air_date: '2027-01-15' });
    expect(ep).toMatchObject({
      show_id: show.id,
      title: 'Ep 1',
      number: 1,
      status: 'planned',
      air_date: '2027-01-15',
    });

    const patched = await c.patch(`/api/v1/episodes/${ep.id}`, { status: 'in_production', air_date: null });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ status: 'in_production', air_date: null, number: 1 });
    expect((await c.get(`/api/v1/episodes/${ep.id}`)).body.data).toEqual(patched.body.data);

    const log = await activityRows(app, ep.id);
    expect(log.map((r) => r.action)).toEqual(['created', 'updated']);
    expect(JSON.parse(log[1]!.data_json).changes).toEqual({
      status: { from: 'planned', to: 'in_production' },
      air_date: { from: '2027-01-15', to: null },
    });

    expect((await c.delete(`/api/v1/episodes/${ep.id}`)).status).toBe(204);
    expect((await c.get(`/api/v1/episodes/${ep.id}`)).status).toBe(404);
    expect((await activityRows(app, ep.id)).map((r) => r.action)).toEqual(['created', 'updated', 'deleted']);
  });

  it('a PATCH that changes nothing writes nothing: same row, no activity entry', async () => {
    const { show } = await makeTree(owner.client);
    const ep = await makeEpisode(owner.client, show.id, { title: 'Same', number: 3 });
    for (const body of [{}, { title: 'Same', number: 3 }]) {
      const res = await owner.client.patch(`/api/v1/episodes/${ep.id}`, body);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual(ep);
    }
    expect((await activityRows(app, ep.id)).map((r) => r.action)).toEqual(['created']);
  });

  it('pages through 120 episodes with limit 50: 3 pages, no duplicates, no gaps, creation order', async () => {
    const o = await signUp(app);
    const client = await makeClient(o.client);
    const show = await makeShow(o.client, client.id);
    const ids: string[] = [];
    for (let i = 0; i < 120; i++)
      ids.push((await makeEpisode(o.client, show.id, { title: `Ep ${i}`, number: i })).id);
    const { all, pages } = await collectPages(o.client, `/api/v1/episodes?show_id=${show.id}`, 50);
    expect(pages).toBe(3);
    expect(all).toHaveLength(120);
    expect(new Set(all.map((e) => e.id)).size).toBe(120);
    expect(all.map((e) => e.id)).toEqual(ids);
    const first = await o.client.get(`/api/v1/episodes?show_id=${show.id}&limit=50`);
    expect(first.body.data).toHaveLength(50);
    expect(typeof first.body.next_cursor).toBe('string');
  });

  it('filters by status (and show)', async () => {
    const o = await signUp(app);
    const client = await makeClient(o.client);
    const s1 = await makeShow(o.client, client.id);
    const s2 = await makeShow(o.client, client.id);
    const planned = await makeEpisode(o.client, s1.id);
    const review = await makeEpisode(o.client, s1.id, { status: 'in_review' });
    const otherShowReview = await makeEpisode(o.client, s2.id, { status: 'in_review' });
    const byStatus = await o.client.get('/api/v1/episodes?status=in_review');
    expect(byStatus.body.data.map((e: { id: string }) => e.id)).toEqual([review.id, otherShowReview.id]);
    const both = await o.client.get(`/api/v1/episodes?status=in_review&show_id=${s1.id}`);
    expect(both.body.data.map((e: { id: string }) => e.id)).toEqual([review.id]);
    const plannedOnly = await o.client.get(`/api/v1/episodes?status=planned&show_id=${s1.id}`);
    expect(plannedOnly.body.data.map((e: { id: string }) => e.id)).toEqual([planned.id]);
  });
});

describe('deliverables CRUD', () => {
  it('creates as draft, reads, updates title/kind/due_date, filters by status, deletes', async () => {
    const c = owner.client;
    const { episode, deliverable } = await makeTree(c);
    expect(deliverable).toMatchObject({
      episode_id: episode.id,
      title: 'Rough cut',
      kind: 'cut',
      status: 'draft',
      due_date: null,
    });
    const second = await makeDeliverable(c, episode.id, {
      title: 'Mix',
      kind: 'mix',
      due_date: '2027-02-01',
    });

    const patched = await c.patch(`/api/v1/deliverables/${deliverable.id}`, {
      title: 'Fine cut',
      due_date: '2027-03-01',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ title: 'Fine cut', due_date: '2027-03-01', status: 'draft' });

    expect((await c.post(`/api/v1/deliverables/${second.id}/submit`)).status).toBe(200);
    const drafts = await c.get(`/api/v1/deliverables?episode_id=${episode.id}&status=draft`);
    expect(drafts.body.data.map((d: { id: string }) => d.id)).toEqual([deliverable.id]);
    const submitted = await c.get(`/api/v1/deliverables?episode_id=${episode.id}&status=submitted`);
    expect(submitted.body.data.map((d: { id: string }) => d.id)).toEqual([second.id]);
    const both = await c.get(`/api/v1/deliverables?episode_id=${episode.id}`);
    expect(both.body.data).toHaveLength(2);

    expect((await c.delete(`/api/v1/deliverables/${deliverable.id}`)).status).toBe(204);
    expect((await c.get(`/api/v1/deliverables/${deliverable.id}`)).status).toBe(404);
    const feed = await c.get(`/api/v1/activity?episode_id=${episode.id}`);
    const actions = feed.body.data.map(
      (a: { subject_type: string; action: string }) => `${a.subject_type}.${a.action}`,
    );
    // newest first
    expect(actions).toEqual([
      'deliverable.deleted',
      'deliverable.status_changed',
      'deliverable.updated',
      'deliverable.created',
      'deliverable.created',
      'episode.created',
    ]);
  });

  it('PATCH cannot change status (400 invalid_status) and writes nothing', async () => {
    const { deliverable } = await makeTree(owner.client);
    const res = await owner.client.patch(`/api/v1/deliverables/${deliverable.id}`, {
      status: 'approved',
      title: 'Sneaky',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_status', field: 'status' });
    expect(res.body.error.message).toMatch(/approve/);
    const after = await owner.client.get(`/api/v1/deliverables/${deliverable.id}`);
    expect(after.body.data).toMatchObject({ status: 'draft', title: 'Rough cut' });
  });
});

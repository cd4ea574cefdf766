import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  activityRows,
  collectPages,
  joinAs,
  makeClient,
  makeDeliverable,
  makeEpisode,
  makeShow,
  makeTree,
  type Owner,
} from './domain-fixtures.ts';

let app: TestApp;
let owner: Owner;
beforeAll(async () => {
  app = await startTestApp();
  owner = await signUp(app);
});
afterAll(async () => {
  await app?.close();
});

const count = async (
  table: 'clients' | 'shows' | 'episodes' | 'deliverables' | 'portal_users' | 'activity',
  orgId: string,
) =>
  Number(
    (
      await app.preroll.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('org_id', '=', orgId)
        .executeTakeFirstOrThrow()
    ).n,
  );

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

describe('cascading deletes', () => {
  it('deleting a client removes its shows, episodes, deliverables, portal users (SQLite too)', async () => {
    const o = await signUp(app);
    const t = await makeTree(o.client);
    await makeDeliverable(o.client, t.episode.id);
    expect(
      (await o.client.post(`/api/v1/clients/${t.client.id}/portal-users`, { email: 'p@c.test', name: 'P' }))
        .status,
    ).toBe(201);
    expect((await o.client.delete(`/api/v1/clients/${t.client.id}`)).status).toBe(204);
    for (const table of ['clients', 'shows', 'episodes', 'deliverables', 'portal_users'] as const) {
      expect(await count(table, o.orgId)).toBe(0);
    }
    expect((await o.client.get(`/api/v1/deliverables/${t.deliverable.id}`)).status).toBe(404);
  });

  it('the cascade reaches versions and threaded comments too', async () => {
    const o = await signUp(app);
    const t = await makeTree(o.client);
    const db = app.preroll.db;
    const now = new Date().toISOString();
    const versionId = newId();
    await db
      .insertInto('deliverable_versions')
      .values({
        id: versionId,
        org_id: o.orgId,
        deliverable_id: t.deliverable.id,
        number: 1,
        status: 'ready',
        original_filename: 'cut.mp4',
        content_type: 'video/mp4',
        size_bytes: 1,
        storage_key: `test/${versionId}`,
        sha256: null,
        media_kind: 'video',
        frame_rate_num: 24000,
        frame_rate_den: 1001,
        duration_frames: 48,
        duration_ms: null,
        start_frame: 0,
        drop_frame: 0,
        width: null,
        height: null,
        probe_error: null,
        uploaded_by: o.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const comment = (id: string, parentId: string | null) => ({
      id,
      org_id: o.orgId,
      version_id: versionId,
      deliverable_id: t.deliverable.id,
      parent_id: parentId,
      author_type: 'user' as const,
      author_user_id: o.userId,
      author_portal_user_id: null,
      author_name: 'Owner',
      body: 'note',
      visibility: 'internal' as const,
      frame: 12,
      duration_frames: null,
      source: 'preroll' as const,
      edited_at: null,
      deleted_at: null,
      created_at: now,
      updated_at: now,
    });
    const parent = newId();
    await db.insertInto('comments').values(comment(parent, null)).execute();
    await db.insertInto('comments').values(comment(newId(), parent)).execute();
    expect((await o.client.delete(`/api/v1/clients/${t.client.id}`)).status).toBe(204);
    expect(
      await db.selectFrom('deliverable_versions').select('id').where('org_id', '=', o.orgId).execute(),
    ).toEqual([]);
    expect(await db.selectFrom('comments').select('id').where('org_id', '=', o.orgId).execute()).toEqual([]);
  });

  it('deleting a show removes its episodes and deliverables but not sibling shows', async () => {
    const o = await signUp(app);
    const t = await makeTree(o.client);
    const sibling = await makeShow(o.client, t.client.id);
    const siblingEp = await makeEpisode(o.client, sibling.id);
    expect((await o.client.delete(`/api/v1/shows/${t.show.id}`)).status).toBe(204);
    expect((await o.client.get(`/api/v1/episodes/${t.episode.id}`)).status).toBe(404);
    expect((await o.client.get(`/api/v1/deliverables/${t.deliverable.id}`)).status).toBe(404);
    expect((await o.client.get(`/api/v1/episodes/${siblingEp.id}`)).status).toBe(200);
  });

  it('deleting an episode removes its deliverables', async () => {
    const o = await signUp(app);
    const t = await makeTree(o.client);
    expect((await o.client.delete(`/api/v1/episodes/${t.episode.id}`)).status).toBe(204);
    expect(await count('deliverables', o.orgId)).toBe(0);
  });
});

describe('roles', () => {
  it('a member reads, creates, updates, deletes episodes and deliverables, but deleting clients/shows → 403', async () => {
    const o = await signUp(app);
    const member = await joinAs(app, o, 'member');
    const t = await makeTree(member);
    expect((await member.get(`/api/v1/clients/${t.client.id}`)).status).toBe(200);
    expect((await member.patch(`/api/v1/shows/${t.show.id}`, { title: 'Renamed' })).status).toBe(200);

    const delClient = await member.delete(`/api/v1/clients/${t.client.id}`);
    expect(delClient.status).toBe(403);
    expect(delClient.body.error.code).toBe('forbidden');
    const delShow = await member.delete(`/api/v1/shows/${t.show.id}`);
    expect(delShow.status).toBe(403);
    expect(await count('clients', o.orgId)).toBe(1);
    expect(await count('shows', o.orgId)).toBe(1);

    expect((await member.delete(`/api/v1/deliverables/${t.deliverable.id}`)).status).toBe(204);
    expect((await member.delete(`/api/v1/episodes/${t.episode.id}`)).status).toBe(204);
  });

  it('an admin may delete shows and clients', async () => {
    const o = await signUp(app);
    const admin = await joinAs(app, o, 'admin');
    const t = await makeTree(o.client);
    expect((await admin.delete(`/api/v1/shows/${t.show.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/v1/clients/${t.client.id}`)).status).toBe(204);
  });

  it('an anonymous caller → 401', async () => {
    const res = await app.client().get('/api/v1/clients');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });
});

describe('bad input', () => {
  it('unknown field → 400 unknown_field_<field>, nothing written', async () => {
    const o = await signUp(app);
    const res = await o.client.post('/api/v1/clients', { name: 'X', org_id: o.orgId });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'unknown_field_org_id', field: 'org_id' });
    expect(await count('clients', o.orgId)).toBe(0);
  });

  it('wrong type → 400 invalid_<field> (episode number as string), nothing written', async () => {
    const o = await signUp(app);
    const client = await makeClient(o.client);
    const show = await makeShow(o.client, client.id);
    const res = await o.client.post(`/api/v1/shows/${show.id}/episodes`, { title: 'X', number: 'one' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_number', field: 'number' });
    expect(await count('episodes', o.orgId)).toBe(0);
  });

  it('missing required field → 400 invalid_name', async () => {
    const res = await owner.client.post('/api/v1/clients', { notes: 'no name' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_name');
  });

  it('bad email → 400 invalid_contact_email', async () => {
    const res = await owner.client.post('/api/v1/clients', { name: 'X', contact_email: 'not-an-email' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_contact_email');
  });

  it('bad date → 400 invalid_air_date / invalid_due_date', async () => {
    const { show, episode } = await makeTree(owner.client);
    const ep = await owner.client.post(`/api/v1/shows/${show.id}/episodes`, {
      title: 'X',
      air_date: '2027-13-01',
    });
    expect(ep.status).toBe(400);
    expect(ep.body.error.code).toBe('invalid_air_date');
    const del = await owner.client.post(`/api/v1/episodes/${episode.id}/deliverables`, {
      title: 'X',
      due_date: 'tomorrow',
    });
    expect(del.status).toBe(400);
    expect(del.body.error.code).toBe('invalid_due_date');
  });

  it('invalid enum values → 400 invalid_kind / invalid_status', async () => {
    const { episode } = await makeTree(owner.client);
    const kind = await owner.client.post(`/api/v1/episodes/${episode.id}/deliverables`, {
      title: 'X',
      kind: 'movie',
    });
    expect(kind.status).toBe(400);
    expect(kind.body.error.code).toBe('invalid_kind');
    const status = await owner.client.patch(`/api/v1/episodes/${episode.id}`, { status: 'done' });
    expect(status.status).toBe(400);
    expect(status.body.error.code).toBe('invalid_status');
  });

  it('invalid status filter → 400 invalid_status', async () => {
    const e = await owner.client.get('/api/v1/episodes?status=finished');
    expect(e.status).toBe(400);
    expect(e.body.error).toMatchObject({ code: 'invalid_status', field: 'status' });
    const d = await owner.client.get('/api/v1/deliverables?status=done');
    expect(d.status).toBe(400);
    expect(d.body.error.code).toBe('invalid_status');
  });

  it('unknown query parameter → 400 unknown_field_<param>', async () => {
    const res = await owner.client.get('/api/v1/episodes?sort=title');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('unknown_field_sort');
  });

  it('bad uuid in path or filter → 400 invalid_id / invalid_show_id', async () => {
    for (const path of [
      '/api/v1/clients/nope',
      '/api/v1/shows/123',
      '/api/v1/episodes/x',
      '/api/v1/deliverables/1',
    ]) {
      const res = await owner.client.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code, path).toBe('invalid_id');
    }
    const create = await owner.client.post('/api/v1/clients/not-a-uuid/shows', { title: 'X' });
    expect(create.status).toBe(400);
    expect(create.body.error.code).toBe('invalid_id');
    const filter = await owner.client.get('/api/v1/episodes?show_id=abc');
    expect(filter.status).toBe(400);
    expect(filter.body.error.code).toBe('invalid_show_id');
  });

  it('bad limit and cursor → 400 invalid_limit / invalid_cursor', async () => {
    expect((await owner.client.get('/api/v1/clients?limit=0')).body.error.code).toBe('invalid_limit');
    expect((await owner.client.get('/api/v1/clients?limit=201')).body.error.code).toBe('invalid_limit');
    const cursor = await owner.client.get('/api/v1/clients?cursor=garbage');
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.code).toBe('invalid_cursor');
  });

  it('empty title after trimming → 400 invalid_title, and the show is unchanged', async () => {
    const { show } = await makeTree(owner.client);
    const res = await owner.client.patch(`/api/v1/shows/${show.id}`, { title: '   ' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_title');
    expect((await owner.client.get(`/api/v1/shows/${show.id}`)).body.data.title).toBe('The Show');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  type CountedTable,
  countInOrg,
  makeClient,
  makeShow,
  makeTree,
  type Owner,
} from './domain-fixtures.ts';

/** Bad input to the domain API: each case names its error code, and nothing is written. */
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

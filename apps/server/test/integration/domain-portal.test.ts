import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../helpers/http-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  activityRows,
  magicLinkFor,
  makeClient,
  makeUmbrellaClient,
  type Owner,
  portalLogin,
  type Row,
} from './domain-fixtures.ts';

/**
 * The client portal's features. What a portal client may NOT see or do, and the magic links
 * themselves, are in apps/server/test/security/ (portal-isolation, magic-links).
 */
let app: TestApp;
let owner: Owner;
beforeAll(async () => {
  app = await startTestApp();
  owner = await signUp(app);
});
afterAll(async () => {
  await app?.close();
});

describe('portal contacts', () => {
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

describe('what a portal client does', () => {
  let portal: TestClient;
  let mine: {
    client: Row;
    show: Row;
    episode: Row;
    submitted: string;
    resubmitted: string;
  };

  beforeAll(async () => {
    const c = owner.client;
    mine = await makeUmbrellaClient(c, {
      submitted: ['Submitted cut', ['submit']],
      resubmitted: ['Second try', ['submit', 'request-revision', 'submit']],
    });
    const { token } = await magicLinkFor(app, c, mine.client.id);
    portal = await portalLogin(app, token);
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
      title: 'Second try',
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { type CountedTable, countInOrg, joinAs, makeTree } from './domain-fixtures.ts';

/** Who may change the domain: members, admins, and anonymous callers. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const count = (table: CountedTable, orgId: string) => countInOrg(app, table, orgId);

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

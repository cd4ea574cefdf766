import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('signup, login, logout', () => {
  it('signs up an owner with an organization and a session cookie', async () => {
    const client = app.client();
    const res = await client.post('/api/v1/auth/signup', {
      email: 'Maya@Example.test',
      password: 'correct horse battery',
      name: 'Maya',
      organization_name: 'Northwind Post',
    });
    expect(res.status).toBe(201);
    expect(res.body.data.user).toMatchObject({ email: 'maya@example.test', name: 'Maya' });
    expect(res.body.data.active_organization).toMatchObject({ name: 'Northwind Post', role: 'owner' });
    expect(res.headers.getSetCookie().join(';')).toMatch(/preroll_session=.*HttpOnly/i);
    const me = await client.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.data.memberships).toHaveLength(1);
  });

  it('rejects a second signup with the same email (409 email_taken) and writes nothing', async () => {
    const first = await signUp(app);
    const res = await app.client().post('/api/v1/auth/signup', {
      email: first.email,
      password: 'correct horse battery',
      name: 'Again',
      organization_name: 'Should Not Exist',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('email_taken');
    const orgs = await app.preroll.db
      .selectFrom('organizations')
      .select('id')
      .where('name', '=', 'Should Not Exist')
      .execute();
    expect(orgs).toHaveLength(0);
  });

  it('logs in with the right password, not with a wrong one, and logs out', async () => {
    const { email } = await signUp(app);
    const client = app.client();
    const wrong = await client.post('/api/v1/auth/login', { email, password: 'nope nope nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const ok = await client.post('/api/v1/auth/login', { email, password: 'correct horse battery' });
    expect(ok.status).toBe(200);
    expect((await client.get('/api/v1/me')).status).toBe(200);
    expect((await client.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await client.get('/api/v1/me')).status).toBe(401);
  });

  it('rate-limits repeated failed logins for one account (429 rate_limited)', async () => {
    const { email } = await signUp(app);
    const client = app.client();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push(
        (await client.post('/api/v1/auth/login', { email, password: `wrong-${i}-password` })).status,
      );
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const limited = await client.post('/api/v1/auth/login', { email, password: 'correct horse battery' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
  });
});

describe('bad input', () => {
  it('malformed JSON → 400 malformed_json', async () => {
    const res = await app.client().request('POST', '/api/v1/auth/signup', undefined, { raw: '{"email": ' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('malformed_json');
  });

  it('unknown field → 400 with a code naming the field', async () => {
    const res = await app.client().post('/api/v1/auth/signup', {
      email: 'x@example.test',
      password: 'correct horse battery',
      name: 'X',
      organization_name: 'X',
      is_admin: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'unknown_field_is_admin', field: 'is_admin' });
  });

  it('wrong type → 400 invalid_<field>', async () => {
    const res = await app.client().post('/api/v1/auth/signup', {
      email: 'y@example.test',
      password: 12345678901,
      name: 'Y',
      organization_name: 'Y',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_password', field: 'password' });
  });

  it('oversized body → 413 payload_too_large', async () => {
    const res = await app
      .client()
      .post('/api/v1/auth/login', { email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });
});

describe('API keys', () => {
  it('creates a pr_ key shown once, stored hashed, usable as Bearer without CSRF, revocable', async () => {
    const { client, orgId } = await signUp(app);
    const created = await client.post('/api/v1/api-keys', { name: 'automation' });
    expect(created.status).toBe(201);
    const key: string = created.body.data.key;
    expect(key).toMatch(/^pr_[A-Za-z0-9_-]{40,}$/);
    const listed = await client.get('/api/v1/api-keys');
    expect(JSON.stringify(listed.body)).not.toContain(key);
    const rows = await app.preroll.db
      .selectFrom('api_keys')
      .selectAll()
      .where('org_id', '=', orgId)
      .execute();
    expect(JSON.stringify(rows)).not.toContain(key);

    const bearer = app.client().withBearer(key);
    const me = await bearer.get('/api/v1/members');
    expect(me.status).toBe(200);
    expect((await bearer.post('/api/v1/api-keys', { name: 'second' })).status).toBe(201);

    expect((await client.delete(`/api/v1/api-keys/${created.body.data.id}`)).status).toBe(204);
    const after = await bearer.get('/api/v1/members');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('invalid_api_key');
  });
});

describe('team', () => {
  it('invites a member by email; the invite link creates the account; members cannot do admin actions', async () => {
    const owner = await signUp(app);
    const email = `member-${Date.now()}@example.test`;
    const invite = await owner.client.post('/api/v1/invitations', { email, role: 'member' });
    expect(invite.status).toBe(201);
    const mail = await app.preroll.store.mail.listTo(email, 1);
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail[0]!.body_text)![1]!;

    const member = app.client();
    const accepted = await member.post('/api/v1/invitations/accept', {
      token,
      name: 'Mo',
      password: 'member password 1',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.data.active_organization).toMatchObject({ id: owner.orgId, role: 'member' });
    // single use
    expect(
      (
        await app
          .client()
          .post('/api/v1/invitations/accept', { token, name: 'X', password: 'member password 1' })
      ).status,
    ).toBe(404);

    const forbidden = await member.post('/api/v1/api-keys', { name: 'nope' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('forbidden');
    expect((await member.post('/api/v1/invitations', { email: 'z@example.test' })).status).toBe(403);

    const members = await owner.client.get('/api/v1/members');
    expect(members.body.data.members.map((m: { role: string }) => m.role).sort()).toEqual([
      'member',
      'owner',
    ]);
  });

  it('switches between organizations the user belongs to, and not to others (404)', async () => {
    const a = await signUp(app);
    const b = await signUp(app);
    const created = await a.client.post('/api/v1/organizations', { name: 'Second Studio' });
    expect(created.status).toBe(201);
    expect((await a.client.get('/api/v1/me')).body.data.active_organization.name).toBe('Second Studio');
    const back = await a.client.post('/api/v1/me/active-organization', { organization_id: a.orgId });
    expect(back.body.data.active_organization.id).toBe(a.orgId);
    const other = await a.client.post('/api/v1/me/active-organization', { organization_id: b.orgId });
    expect(other.status).toBe(404);
  });

  it('refuses to demote the last owner (409 last_owner)', async () => {
    const owner = await signUp(app);
    const res = await owner.client.patch(`/api/v1/members/${owner.userId}`, { role: 'admin' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('last_owner');
  });
});

describe('health', () => {
  it('GET /healthz answers 200 when the database is reachable', async () => {
    const res = await app.client().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });
});

describe('security hardening', () => {
  it('an invitation for an existing account needs that account logged in (the token alone opens no session)', async () => {
    const owner = await signUp(app);
    const existing = await signUp(app);
    await owner.client.post('/api/v1/invitations', { email: existing.email, role: 'admin' });
    const mail = await app.preroll.store.mail.listTo(existing.email, 1);
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail[0]!.body_text)![1]!;

    const stranger = app.client();
    const refused = await stranger.post('/api/v1/invitations/accept', { token });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('login_required');
    expect(stranger.cookie('preroll_session')).toBeUndefined();
    // still unused: the right person can accept it
    const accepted = await existing.client.post('/api/v1/invitations/accept', { token });
    expect(accepted.status).toBe(200);
    expect(
      accepted.body.data.memberships.map((m: { organization_id: string }) => m.organization_id),
    ).toContain(owner.orgId);
  });

  it('the dev outbox (which holds invitation links) is for admins only', async () => {
    const owner = await signUp(app);
    const email = `outbox-member-${Date.now()}@example.test`;
    await owner.client.post('/api/v1/invitations', { email, role: 'member' });
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(
      (await app.preroll.store.mail.listTo(email, 1))[0]!.body_text,
    )![1]!;
    const member = app.client();
    await member.post('/api/v1/invitations/accept', { token, name: 'Mem', password: 'member password 1' });
    expect((await owner.client.get('/api/v1/dev/outbox')).status).toBe(200);
    const refused = await member.get('/api/v1/dev/outbox');
    expect(refused.status).toBe(403);
  });

  it('API keys cannot create organizations (a person does that in a browser session)', async () => {
    const { client } = await signUp(app);
    const key = (await client.post('/api/v1/api-keys', { name: 'k' })).body.data.key;
    const res = await app.client().withBearer(key).post('/api/v1/organizations', { name: 'Via key' });
    expect(res.status).toBe(401);
  });

  it('counts parallel failed logins exactly (atomic window counter) and says when to retry', async () => {
    const { email } = await signUp(app);
    const client = app.client();
    const results = await Promise.all(
      Array.from({ length: 14 }, (_, i) =>
        client.post('/api/v1/auth/login', { email, password: `wrong-${i}-password` }),
      ),
    );
    expect(results.filter((r) => r.status === 401)).toHaveLength(10);
    const limited = results.filter((r) => r.status === 429);
    expect(limited).toHaveLength(4);
    const retryAfter = Number(limited[0]!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/lib/hash.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  magicLinkFor,
  makeClient,
  type Owner,
  portalLogin,
  sendLink,
} from '../integration/domain-fixtures.ts';

/**
 * Magic links log client contacts into the portal.
 * Attacks: read a link out of the database (a backup, a leaked dump), use a link twice (a forwarded
 * mail), use an old one, guess one, keep using the portal after the team removed the contact.
 * Promises: only the link's SHA-256 is stored; a link logs in once; it expires 15 minutes after it
 * was sent; an unknown token is refused without creating a session; removing a contact ends their
 * session.
 */

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
  it('mails a link to PUBLIC_URL/portal/login, stores only its SHA-256, and logs the contact in once: a second use → 401 invalid_magic_link', async () => {
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

  it('a link older than 15 minutes → 401 invalid_magic_link; a fresh one works just before its 15 minutes end', async () => {
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

  it('a guessed (unknown) token → 401 invalid_magic_link and no session is created', async () => {
    const sessionsBefore = await app.preroll.db.selectFrom('sessions').select('id').execute();
    const res = await app.client().post('/api/v1/portal/login', { token: 'x'.repeat(43) });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_magic_link');
    expect(await app.preroll.db.selectFrom('sessions').select('id').execute()).toHaveLength(
      sessionsBefore.length,
    );
  });

  it('a removed contact’s portal session stops working at once (401)', async () => {
    const client = await makeClient(owner.client);
    const { user, token } = await magicLinkFor(app, owner.client, client.id);
    const portal = await portalLogin(app, token);
    expect((await portal.get('/api/v1/portal/shows')).status).toBe(200);
    expect((await owner.client.delete(`/api/v1/portal-users/${user.id}`)).status).toBe(204);
    expect((await portal.get('/api/v1/portal/shows')).status).toBe(401);
  });
});

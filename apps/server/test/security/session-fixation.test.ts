import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/lib/hash.ts';
import type { TestClient, TestResponse } from '../helpers/http-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { magicLinkFor, makeClient, type Owner } from '../integration/domain-fixtures.ts';

/**
 * Attack: session fixation. The attacker plants a session cookie in the victim's browser (a value
 * they made up, or their own valid session) before the victim logs in, hoping the login upgrades
 * that cookie to the victim's account, which the attacker then shares.
 * Promise: every way of getting a session (login, sign-up, portal magic link, invitation) issues
 * a fresh random token; a made-up value never becomes a session, and the attacker's own session
 * stays the attacker's.
 */
const PASSWORD = 'correct horse battery';
let app: TestApp;
let victim: Owner;
let attacker: Owner;
let n = 0;

beforeAll(async () => {
  app = await startTestApp({ PREROLL_WORKER: 'off' });
  victim = await signUp(app);
  attacker = await signUp(app);
});
afterAll(async () => {
  await app?.close();
});

function fresh(): string {
  n += 1;
  return `fixation-${Date.now()}-${n}@example.test`;
}

/** The ways a browser is given a session, each as the victim would do it in the planted browser. */
const flows: Record<string, (browser: TestClient) => Promise<TestResponse>> = {
  login: (browser) => browser.post('/api/v1/auth/login', { email: victim.email, password: PASSWORD }),
  'sign-up': (browser) =>
    browser.post('/api/v1/auth/signup', {
      email: fresh(),
      password: PASSWORD,
      name: 'New Person',
      organization_name: 'New Studio',
    }),
  'portal magic link': async (browser) => {
    const client = await makeClient(victim.client);
    const { token } = await magicLinkFor(app, victim.client, client.id);
    return browser.post('/api/v1/portal/login', { token });
  },
  'invitation accept': async (browser) => {
    const email = fresh();
    expect((await victim.client.post('/api/v1/invitations', { email, role: 'member' })).status).toBe(201);
    const mail = await app.preroll.store.mail.listTo(email, 1);
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail[0]!.body_text)![1]!;
    return browser.post('/api/v1/invitations/accept', { token, name: 'Invited', password: PASSWORD });
  },
};

/** Who a bare session cookie is now: the /me answer's status and user id. */
async function whoIs(token: string) {
  const res = await fetch(`${app.url}/api/v1/me`, { headers: { cookie: `preroll_session=${token}` } });
  const body = (await res.json()) as { data?: { user?: { id: string } } };
  return { status: res.status, userId: body.data?.user?.id };
}

async function sessionRowsFor(token: string) {
  return app.preroll.db
    .selectFrom('sessions')
    .select('id')
    .where('token_hash', '=', sha256Hex(token))
    .execute();
}

describe('session fixation', () => {
  for (const [name, flow] of Object.entries(flows)) {
    it(`${name}: a made-up session cookie planted beforehand is replaced by a fresh token and never becomes a session`, async () => {
      const planted = `planted-${'x'.repeat(40)}-${n}`;
      const browser = app.client();
      browser.setCookie('preroll_session', planted);
      const res = await flow(browser);
      expect([200, 201], res.text).toContain(res.status);
      const issued = browser.cookie('preroll_session')!;
      expect(issued).toBeTruthy();
      expect(issued).not.toBe(planted);
      expect(await sessionRowsFor(planted)).toEqual([]);
      expect((await whoIs(planted)).status).toBe(401);
    });

    it(`${name}: the attacker's own session planted beforehand stays the attacker's; the victim gets a new one`, async () => {
      const attackerToken = attacker.client.cookie('preroll_session')!;
      const browser = app.client();
      browser.setCookie('preroll_session', attackerToken);
      browser.setCookie('preroll_csrf', attacker.client.cookie('preroll_csrf')!);
      const res = await flow(browser);
      expect([200, 201], res.text).toContain(res.status);
      const issued = browser.cookie('preroll_session')!;
      expect(issued).not.toBe(attackerToken);
      expect(await whoIs(attackerToken)).toEqual({ status: 200, userId: attacker.userId });
      expect(await sessionRowsFor(issued)).toHaveLength(1);
    });
  }
});

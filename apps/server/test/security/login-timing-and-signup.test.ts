import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Login must not tell, by its timing, which emails have an account; sign-up must not be a free
 * account factory (or a free argon2 CPU burner) for one client; a new password must be a
 * password. The server trusts X-Forwarded-For here (TRUST_PROXY=on, as behind a reverse proxy),
 * so each attempt can come from its own client address: the values are documentation addresses
 * (RFC 5737) in a header, never contacted.
 */
const SIGNUPS_PER_HOUR = 3;
const PASSWORD = 'correct horse battery';
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ TRUST_PROXY: 'on', PREROLL_SIGNUPS_PER_HOUR: String(SIGNUPS_PER_HOUR) });
});
afterAll(async () => {
  await app?.close();
});

const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
let uniq = 0;
const freshEmail = (what: string) => `${what}-${++uniq}-${Date.now()}@example.test`;
const signupBody = (email: string, password = PASSWORD) => ({
  email,
  password,
  name: 'Sam Signup',
  organization_name: 'Signup Studio',
});
const userCount = async (email: string) =>
  (await app.preroll.db.selectFrom('users').select('id').where('email', '=', email).execute()).length;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

describe('login timing', () => {
  it('an unknown email and a wrong password take the same time (medians of 20 tries within 1.5×)', async () => {
    const email = freshEmail('timed');
    const created = await app.client().post('/api/v1/auth/signup', signupBody(email), from('203.0.113.1'));
    expect(created.status).toBe(201);

    const attempt = async (who: string, address: string) => {
      const started = performance.now();
      const res = await app
        .client()
        .post('/api/v1/auth/login', { email: who, password: 'not the password at all' }, from(address));
      const ms = performance.now() - started;
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('invalid_credentials');
      return ms;
    };
    // Warm-up (first argon2 calls, JIT), then interleaved so load on the machine hits both alike.
    await attempt(freshEmail('nobody'), '198.51.100.200');
    await attempt(email, '198.51.100.201');
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 20; i++) {
      unknown.push(await attempt(freshEmail('nobody'), `198.51.100.${i + 1}`));
      wrong.push(await attempt(email, `198.51.100.${i + 101}`));
    }
    const ratio = median(unknown) / median(wrong);
    expect(
      ratio,
      `median unknown ${median(unknown).toFixed(1)} ms, wrong password ${median(wrong).toFixed(1)} ms`,
    ).toBeGreaterThan(1 / 1.5);
    expect(ratio).toBeLessThan(1.5);
  });

  it('a 10,000-character password is refused before any hashing: 400 invalid_password', async () => {
    const res = await app
      .client()
      .post(
        '/api/v1/auth/login',
        { email: 'x@example.test', password: 'p'.repeat(10_000) },
        from('203.0.113.2'),
      );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_password', field: 'password' });
  });
});

describe('sign-up throttling per client address', () => {
  it(`the ${SIGNUPS_PER_HOUR + 1}th sign-up from one address within the hour → 429 rate_limited with Retry-After, nothing written; another address still signs up`, async () => {
    const address = '192.0.2.10';
    for (let i = 0; i < SIGNUPS_PER_HOUR; i++) {
      const ok = await app
        .client()
        .post('/api/v1/auth/signup', signupBody(freshEmail('burst')), from(address));
      expect(ok.status).toBe(201);
    }
    const email = freshEmail('one-too-many');
    const refused = await app.client().post('/api/v1/auth/signup', signupBody(email), from(address));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.headers.getSetCookie()).toEqual([]);
    expect(await userCount(email)).toBe(0);

    const elsewhere = await app.client().post('/api/v1/auth/signup', signupBody(email), from('192.0.2.11'));
    expect(elsewhere.status).toBe(201);
  });

  it('refused attempts count too (probing for registered emails with email_taken is throttled)', async () => {
    const address = '192.0.2.20';
    const taken = freshEmail('taken');
    expect(
      (await app.client().post('/api/v1/auth/signup', signupBody(taken), from('192.0.2.21'))).status,
    ).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < SIGNUPS_PER_HOUR + 1; i++) {
      statuses.push(
        (await app.client().post('/api/v1/auth/signup', signupBody(taken), from(address))).status,
      );
    }
    expect(statuses).toEqual([...Array(SIGNUPS_PER_HOUR).fill(409), 429]);
  });
});

describe('password rules', () => {
  it('a whitespace-only password at sign-up → 400 weak_password on the password field, nothing written', async () => {
    const email = freshEmail('spaces');
    const res = await app
      .client()
      .post('/api/v1/auth/signup', signupBody(email, ' '.repeat(12)), from('192.0.2.30'));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'weak_password', field: 'password' });
    expect(await userCount(email)).toBe(0);
  });

  it('a whitespace-only password when accepting an invitation → 400 weak_password, invitation still unused', async () => {
    const owner = app.client();
    expect(
      (await owner.post('/api/v1/auth/signup', signupBody(freshEmail('inviter')), from('192.0.2.40'))).status,
    ).toBe(201);
    const invitee = freshEmail('invitee');
    expect((await owner.post('/api/v1/invitations', { email: invitee, role: 'member' })).status).toBe(201);
    const mail = await app.preroll.store.mail.listTo(invitee, 1);
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail[0]!.body_text)![1]!;

    const res = await app
      .client()
      .post('/api/v1/invitations/accept', { token, name: 'Ivy', password: '\t \n '.repeat(4) });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'weak_password', field: 'password' });
    expect(await userCount(invitee)).toBe(0);
    const accepted = await app
      .client()
      .post('/api/v1/invitations/accept', { token, name: 'Ivy', password: PASSWORD });
    expect(accepted.status).toBe(200);
  });

  it('a password over 200 characters at sign-up → 400 invalid_password (argon2 never sees megabytes)', async () => {
    const email = freshEmail('long');
    const res = await app
      .client()
      .post('/api/v1/auth/signup', signupBody(email, 'x'.repeat(201)), from('192.0.2.50'));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_password', field: 'password' });
    expect(await userCount(email)).toBe(0);
  });
});

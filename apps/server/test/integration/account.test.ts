import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/lib/hash.ts';
import { runQueuedJobs } from '../helpers/run-jobs.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Account basics (docs/teams.md, "Account"): forgotten password, name, email, password.
 * A clock the tests move forward expires links without waiting.
 */
const clock = {
  offsetMs: 0,
  now() {
    return new Date(Date.now() + this.offsetMs);
  },
};

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({}, { clock });
});
afterAll(async () => {
  await app?.close();
});

async function lastMailTo(address: string) {
  return (await app.preroll.store.mail.listTo(address, 1))[0];
}

function tokenIn(body: string, path: string): string {
  return new RegExp(`/${path}\\?token=([A-Za-z0-9_-]+)`).exec(body)![1]!;
}

async function requestReset(email: string) {
  const res = await app.client().post('/api/v1/auth/password-reset', { email });
  expect(res.status).toBe(202);
  // The lookup and the mail are the queued job's (the same request work for any email).
  await runQueuedJobs(app, ['account.password-reset-mail']);
  return res;
}

describe('forgot password', () => {
  it('answers 202 with the same body for a known and an unknown email, and mails only the known one', async () => {
    const owner = await signUp(app);
    const known = await requestReset(owner.email);
    const unknown = await requestReset('nobody-here@example.test');
    expect(unknown.body).toEqual(known.body);
    expect(await lastMailTo('nobody-here@example.test')).toBeUndefined();
    const mail = await lastMailTo(owner.email);
    expect(mail?.subject).toBe('preroll: reset your password');
    const token = tokenIn(mail!.body_text, 'reset-password');
    const row = await app.preroll.db
      .selectFrom('account_tokens')
      .selectAll()
      .where('token_hash', '=', sha256Hex(token))
      .executeTakeFirstOrThrow();
    expect(row.purpose).toBe('password_reset');
    // Only the hash is stored.
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('a reset link works once, ends every other session, and the new password logs in', async () => {
    const owner = await signUp(app);
    const otherBrowser = app.client();
    expect(
      (
        await otherBrowser.post('/api/v1/auth/login', {
          email: owner.email,
          password: 'correct horse battery',
        })
      ).status,
    ).toBe(200);
    await requestReset(owner.email);
    const token = tokenIn((await lastMailTo(owner.email))!.body_text, 'reset-password');
    const resetter = app.client();
    const done = await resetter.post('/api/v1/auth/password-reset/confirm', {
      token,
      password: 'a brand new passphrase',
    });
    expect(done.status).toBe(200);
    expect(done.body.data.user.email).toBe(owner.email);
    expect((await resetter.get('/api/v1/me')).status).toBe(200);
    // Both sessions opened with the old password are gone.
    expect((await owner.client.get('/api/v1/me')).status).toBe(401);
    expect((await otherBrowser.get('/api/v1/me')).status).toBe(401);
    const again = await app
      .client()
      .post('/api/v1/auth/password-reset/confirm', { token, password: 'yet another passphrase' });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('invalid_reset_token');
    const oldLogin = await app
      .client()
      .post('/api/v1/auth/login', { email: owner.email, password: 'correct horse battery' });
    expect(oldLogin.status).toBe(401);
    const newLogin = await app
      .client()
      .post('/api/v1/auth/login', { email: owner.email, password: 'a brand new passphrase' });
    expect(newLogin.status).toBe(200);
  });

  it('a reset link expires after one hour: 401 invalid_reset_token and the password is unchanged', async () => {
    const owner = await signUp(app);
    await requestReset(owner.email);
    const token = tokenIn((await lastMailTo(owner.email))!.body_text, 'reset-password');
    clock.offsetMs += 61 * 60_000;
    try {
      const late = await app
        .client()
        .post('/api/v1/auth/password-reset/confirm', { token, password: 'too late passphrase' });
      expect(late.status).toBe(401);
      expect(late.body.error.code).toBe('invalid_reset_token');
      expect((await owner.client.get('/api/v1/me')).status).toBe(200);
    } finally {
      clock.offsetMs -= 61 * 60_000;
    }
  });

  it('a weak new password is refused (400 weak_password) and the link still works afterwards', async () => {
    const owner = await signUp(app);
    await requestReset(owner.email);
    const token = tokenIn((await lastMailTo(owner.email))!.body_text, 'reset-password');
    const weak = await app.client().post('/api/v1/auth/password-reset/confirm', { token, password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error).toMatchObject({ code: 'invalid_password', field: 'password' });
    expect(weak.body.error.message).toBe('Password must be at least 10 characters.');
    const row = await app.preroll.db
      .selectFrom('account_tokens')
      .selectAll()
      .where('token_hash', '=', sha256Hex(token))
      .executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
  });

  it('requests are rate limited per email (429 rate_limited) whether or not the account exists', async () => {
    for (const email of ['limited-nobody@example.test', (await signUp(app)).email]) {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1)
        statuses.push((await app.client().post('/api/v1/auth/password-reset', { email })).status);
      expect(statuses).toEqual([202, 202, 202, 429]);
    }
  });
});

describe('my account', () => {
  it('changes the name; a name over 120 characters is a sentence next to the field and nothing changes', async () => {
    const owner = await signUp(app, { name: 'Before' });
    const tooLong = await owner.client.patch('/api/v1/me', { name: 'x'.repeat(121) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatchObject({
      code: 'invalid_name',
      field: 'name',
      message: "Name can't be longer than 120 characters.",
    });
    expect((await owner.client.get('/api/v1/me')).body.data.user.name).toBe('Before');
    const ok = await owner.client.patch('/api/v1/me', { name: 'After' });
    expect(ok.status).toBe(200);
    expect(ok.body.data.user.name).toBe('After');
  });

  it('changing the password asks the current one (401 wrong_password) and ends the other sessions only', async () => {
    const owner = await signUp(app);
    const other = app.client();
    await other.post('/api/v1/auth/login', { email: owner.email, password: 'correct horse battery' });
    const wrong = await owner.client.post('/api/v1/me/password', {
      current_password: 'nope nope nope',
      new_password: 'another good passphrase',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('wrong_password');
    expect((await other.get('/api/v1/me')).status).toBe(200);
    const ok = await owner.client.post('/api/v1/me/password', {
      current_password: 'correct horse battery',
      new_password: 'another good passphrase',
    });
    expect(ok.status).toBe(204);
    expect((await owner.client.get('/api/v1/me')).status).toBe(200);
    expect((await other.get('/api/v1/me')).status).toBe(401);
  });

  it('a new email takes effect only through the link mailed to it; the link works once', async () => {
    const owner = await signUp(app);
    const newEmail = `moved-${Date.now()}@example.test`;
    const wrong = await owner.client.post('/api/v1/me/email', {
      email: newEmail,
      current_password: 'wrong password',
    });
    expect(wrong.status).toBe(401);
    expect(await lastMailTo(newEmail)).toBeUndefined();
    const asked = await owner.client.post('/api/v1/me/email', {
      email: newEmail,
      current_password: 'correct horse battery',
    });
    expect(asked.status).toBe(202);
    expect((await owner.client.get('/api/v1/me')).body.data.user.email).toBe(owner.email);
    const token = tokenIn((await lastMailTo(newEmail))!.body_text, 'confirm-email');
    const confirmed = await app.client().post('/api/v1/auth/email-change/confirm', { token });
    expect(confirmed.status).toBe(200);
    expect((await owner.client.get('/api/v1/me')).body.data.user.email).toBe(newEmail);
    const twice = await app.client().post('/api/v1/auth/email-change/confirm', { token });
    expect(twice.body.error.code).toBe('invalid_email_token');
  });

  it("another account's email is refused (409 email_taken) and no link is mailed", async () => {
    const a = await signUp(app);
    const b = await signUp(app);
    const before = (await app.preroll.store.mail.listTo(b.email, 10)).length;
    const res = await a.client.post('/api/v1/me/email', {
      email: b.email,
      current_password: 'correct horse battery',
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'email_taken', field: 'email' });
    expect((await app.preroll.store.mail.listTo(b.email, 10)).length).toBe(before);
  });
});

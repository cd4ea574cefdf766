import { Writable } from 'node:stream';
import { type Sandbox, SEED_IDS, startSandbox } from '@preroll/frameio-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED, redactText, redactUrl } from '../../src/http/log-redaction.ts';
import type { TestClient, TestResponse } from '../helpers/http-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  CALLBACK_URL,
  CLIENT_ID,
  CLIENT_SECRET,
  consent,
  PUBLIC_URL,
} from '../integration/frameio-fixtures.ts';

/**
 * Magic links, invitations and the OAuth callback carry secrets in their URLs. The server runs at
 * the most verbose level (trace) with its log captured, through whole flows a person goes
 * through, plus failing requests; no secret may appear in any log line or be echoed back.
 */
let app: TestApp;
let sandbox: Sandbox;
const logLines: string[] = [];
const logText = () => logLines.join('');

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  sandbox.control.registerClient({
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: [CALLBACK_URL],
    name: 'preroll (log tests)',
  });
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  app = await startTestApp(
    {
      LOG_LEVEL: 'trace',
      PUBLIC_URL,
      FRAMEIO_CLIENT_ID: CLIENT_ID,
      FRAMEIO_CLIENT_SECRET: CLIENT_SECRET,
      FRAMEIO_API_URL: sandbox.url,
      FRAMEIO_IMS_URL: sandbox.imsUrl,
      PREROLL_WORKER: 'off',
    },
    { logStream },
  );
});
afterAll(async () => {
  await app?.close();
  await sandbox?.close();
});

/** Every API answer the flows got, to check that none echoes a secret back. */
const answers: Array<{ what: string; text: string }> = [];
function keep(what: string, res: TestResponse): TestResponse {
  answers.push({ what, text: `${res.headers.get('location') ?? ''} ${res.text}` });
  return res;
}

/** A browser opening a link from a mail: a top-level GET asking for HTML (the SPA's deep link). */
async function openLink(path: string, cookies: TestClient | null = null) {
  const headers: Record<string, string> = { accept: 'text/html' };
  if (cookies) {
    headers.cookie = ['preroll_session', 'preroll_csrf', 'preroll_frameio_oauth']
      .filter((n) => cookies.cookie(n) !== undefined)
      .map((n) => `${n}=${cookies.cookie(n)}`)
      .join('; ');
  }
  const res = await fetch(new URL(path, app.url), { headers, redirect: 'manual' });
  const text = await res.text();
  answers.push({ what: `GET ${path}`, text: `${res.headers.get('location') ?? ''} ${text.slice(0, 2000)}` });
  return res;
}

const secrets: Record<string, string> = {};

describe('secrets in URLs never reach the log (LOG_LEVEL=trace)', () => {
  it('invitation: the /invite/<token> link and accepting it log no token', async () => {
    const owner = await signUp(app);
    const email = `invitee-${Date.now()}@example.test`;
    keep('invite', await owner.client.post('/api/v1/invitations', { email, role: 'member' }));
    const mail = await app.preroll.store.mail.listTo(email, 1);
    secrets.invitation = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail[0]!.body_text)![1]!;

    await openLink(`/invite/${secrets.invitation}`);
    const member = app.client();
    const accepted = keep(
      'accept',
      await member.post('/api/v1/invitations/accept', {
        token: secrets.invitation,
        name: 'Mo',
        password: 'member password 1',
      }),
    );
    expect(accepted.status).toBe(200);
    secrets.memberSession = member.cookie('preroll_session')!;

    expect(logText()).toContain(`"url":"/invite/${REDACTED}"`);
    expect(logText()).not.toContain(secrets.invitation);
  });

  it('magic link: requesting it, opening /portal/login?token=… and logging in log no token', async () => {
    const owner = await signUp(app);
    const client = await owner.client.post('/api/v1/clients', { name: 'Acme' });
    const contact = await owner.client.post(`/api/v1/clients/${client.body.data.id}/portal-users`, {
      email: `contact-${Date.now()}@client.test`,
      name: 'Casey',
    });
    keep('magic link', await owner.client.post(`/api/v1/portal-users/${contact.body.data.id}/magic-link`));
    const mail = await app.preroll.store.mail.listTo(contact.body.data.email, 1);
    secrets.magicLink = /[?&]token=([A-Za-z0-9_-]+)/.exec(mail[0]!.body_text)![1]!;

    await openLink(`/portal/login?token=${secrets.magicLink}`);
    const portal = app.client();
    const login = keep(
      'portal login',
      await portal.post('/api/v1/portal/login', { token: secrets.magicLink }),
    );
    expect(login.status).toBe(200);
    secrets.portalSession = portal.cookie('preroll_session')!;

    expect(logText()).toContain(`"url":"/portal/login?token=${REDACTED}"`);
    expect(logText()).not.toContain(secrets.magicLink);
  });

  it('Frame.io connect: the sandbox consent and the callback with code and state log neither', async () => {
    const owner = await signUp(app);
    const started = await owner.client.post('/api/v1/integrations/frameio/connect');
    expect(started.status).toBe(200);
    const back = await consent(started.body.data.authorize_url, { userId: SEED_IDS.alexId });
    secrets.oauthCode = back.searchParams.get('code')!;
    secrets.oauthState = back.searchParams.get('state')!;
    expect(secrets.oauthCode.length).toBeGreaterThan(8);

    const done = await openLink(`${back.pathname}${back.search}`, owner.client);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toContain('frameio=connected');

    expect(logText()).toContain(
      `"url":"/api/integrations/frameio/callback?code=${REDACTED}&state=${REDACTED}"`,
    );
    expect(logText()).not.toContain(secrets.oauthCode);
    expect(logText()).not.toContain(secrets.oauthState);
  });

  it('failing requests (used token, unknown route, malformed URL) log and echo no token', async () => {
    const token = secrets.magicLink!;
    const reused = keep('reused magic link', await app.client().post('/api/v1/portal/login', { token }));
    expect(reused.status).toBe(401);
    await openLink(`/portal/login?token=${token}&next=%ZZ`);
    const unknownRoute = keep(
      'unknown route',
      await app.client().get(`/api/v1/invite/${token}?token=${token}`),
    );
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.body.error.code).toBe('route_not_found');
    const badUrl = await openLink(`/api/v1/reset-password/${token}%ZZ`);
    expect(badUrl.status).toBe(400);
    expect(answers.at(-1)!.text).toContain('"code":"malformed_url"');
    const replayedCallback = await openLink(
      `/api/integrations/frameio/callback?code=${secrets.oauthCode}&state=${secrets.oauthState}`,
    );
    expect(replayedCallback.status).toBe(303);

    // The request lines of these failures are in the log, with their URLs redacted.
    expect(logText()).toContain(`"url":"/api/v1/invite/${REDACTED}?token=${REDACTED}"`);
    expect(logText()).toContain('"statusCode":404');
  });

  it('after all flows: no secret in any log line at any level, and none echoed back in an API answer', () => {
    expect(Object.keys(secrets).sort()).toEqual([
      'invitation',
      'magicLink',
      'memberSession',
      'oauthCode',
      'oauthState',
      'portalSession',
    ]);
    const log = logText();
    // Every request of the flows was logged (two lines each at this level).
    expect(logLines.length).toBeGreaterThan(30);
    for (const [name, value] of Object.entries(secrets)) {
      expect(log.includes(value), `${name} in the log`).toBe(false);
    }
    for (const { what, text } of answers) {
      for (const name of ['invitation', 'magicLink', 'oauthCode', 'oauthState'] as const) {
        expect(text.includes(secrets[name]!), `${name} echoed by ${what}`).toBe(false);
      }
    }
  });
});

describe('the redaction rule (log-redaction.ts)', () => {
  it('replaces every query value and token-like path segments, keeps ids and names', () => {
    const token = 'Zm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eHF1dXg';
    const uuid = '01a24edf-0244-7133-b9f1-2341baf2b0cc';
    expect(redactUrl(`/portal/login?token=${token}`)).toBe(`/portal/login?token=${REDACTED}`);
    expect(redactUrl(`/INVITE/${token}`)).toBe(`/INVITE/${REDACTED}`);
    expect(redactUrl('/reset-password/short1')).toBe(`/reset-password/${REDACTED}`);
    expect(redactUrl(`/some/new/route/${token}/more`)).toBe(`/some/new/route/${REDACTED}/more`);
    expect(redactUrl(`/api/v1/clients/${uuid}?limit=5&cursor=abc`)).toBe(
      `/api/v1/clients/${uuid}?limit=${REDACTED}&cursor=${REDACTED}`,
    );
    expect(redactUrl(`/api/v1/uploads/${'a1'.repeat(16)}`)).toBe(`/api/v1/uploads/${'a1'.repeat(16)}`);
    expect(redactUrl(`/x?${token}`)).toBe(`/x?${REDACTED}`);
    expect(redactText(`GET http://localhost:4999/invite/${token} failed`)).toBe(
      `GET http://localhost:4999/invite/${REDACTED} failed`,
    );
  });
});

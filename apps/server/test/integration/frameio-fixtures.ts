import { type Sandbox, SEED_IDS, startSandbox } from '@preroll/frameio-sandbox';
import { expect } from 'vitest';
import type { TestClient } from '../helpers/http-client.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The Frame.io connect specs: a real preroll server (startTestApp) and a real sandbox, both on
 * loopback HTTP. preroll reaches Frame.io/IMS through a recording fetch (ComposeOptions.fetch),
 * so a test can count IMS token requests, see the tokens IMS issued, and simulate an IMS outage.
 */
export const PUBLIC_URL = 'http://localhost:4999';
export const CALLBACK_URL = `${PUBLIC_URL}/api/integrations/frameio/callback`;
export const CLIENT_ID = 'preroll-test';
export const CLIENT_SECRET = 'preroll-test-secret';
export { SEED_IDS };
/** The Frame.io card of Settings → Integrations: GET shows it, DELETE disconnects. */
export const CARD = '/api/v1/integrations/frameio';

export interface Recorder {
  /** grant_type of every POST to /ims/token/v3, in order. */
  grants: string[];
  /** Every access and refresh token IMS handed to preroll. */
  issued: string[];
  /** When true, requests to /ims/revoke fail like a network outage. */
  imsRevokeDown: boolean;
  fetch: typeof fetch;
}

export function recordingFetch(): Recorder {
  const rec: Recorder = {
    grants: [],
    issued: [],
    imsRevokeDown: false,
    fetch: async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.includes('/ims/revoke') && rec.imsRevokeDown) throw new TypeError('fetch failed');
      const isToken = url.includes('/ims/token/v3');
      if (isToken) rec.grants.push(new URLSearchParams(String(init?.body ?? '')).get('grant_type') ?? '?');
      const res = await fetch(input, init);
      if (isToken && res.ok) {
        const body = (await res.clone().json()) as { access_token?: string; refresh_token?: string };
        if (body.access_token) rec.issued.push(body.access_token);
        if (body.refresh_token) rec.issued.push(body.refresh_token);
      }
      return res;
    },
  };
  return rec;
}

export interface FrameioTestEnv {
  app: TestApp;
  sandbox: Sandbox;
  rec: Recorder;
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startFrameioTestEnv(): Promise<FrameioTestEnv> {
  const sandbox = await startSandbox({ port: 0 });
  sandbox.control.registerClient({
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: [CALLBACK_URL],
    name: 'preroll (tests)',
  });
  const rec = recordingFetch();
  const env = {
    PUBLIC_URL,
    FRAMEIO_CLIENT_ID: CLIENT_ID,
    FRAMEIO_CLIENT_SECRET: CLIENT_SECRET,
    FRAMEIO_API_URL: sandbox.url,
    FRAMEIO_IMS_URL: sandbox.imsUrl,
    PREROLL_WORKER: 'off',
  };
  const app = await startTestApp(env, { fetch: rec.fetch });
  return {
    app,
    sandbox,
    rec,
    env,
    async close() {
      await app.close();
      await sandbox.close();
    },
  };
}

/** What a browser sends to preroll: every cookie the TestClient holds for these names. */
function cookieHeader(client: TestClient): string {
  return ['preroll_session', 'preroll_csrf', 'preroll_frameio_oauth']
    .map((n) => [n, client.cookie(n)] as const)
    .filter(([, v]) => v !== undefined)
    .map(([n, v]) => `${n}=${v}`)
    .join('; ');
}

/**
 * A browser GET of a URL under PUBLIC_URL (the proxy in front of preroll maps it to the test
 * server), not following redirects, so the test sees where preroll sends the browser.
 */
export async function browserGet(
  t: FrameioTestEnv,
  client: TestClient | null,
  publicUrl: string,
): Promise<{ status: number; location: URL }> {
  const u = new URL(publicUrl);
  expect(u.origin).toBe(PUBLIC_URL);
  const res = await fetch(new URL(u.pathname + u.search, t.app.url), {
    redirect: 'manual',
    headers: client ? { cookie: cookieHeader(client) } : {},
  });
  await res.arrayBuffer();
  return { status: res.status, location: new URL(res.headers.get('location') ?? '', PUBLIC_URL) };
}

/**
 * Follows the sandbox's IMS consent page as a browser would: GET authorize_url, read the form,
 * submit it with the chosen button, and return the redirect IMS answers with (to our callback).
 */
export async function consent(authorizeUrl: string, choice: { userId: string } | 'deny'): Promise<URL> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !requestId) throw new Error(`no consent form in: ${html.slice(0, 300)}`);
  if (choice !== 'deny') expect(html).toContain(`name="user_id" value="${choice.userId}"`);
  const form = new URLSearchParams({ request_id: requestId });
  if (choice === 'deny') form.set('decision', 'deny');
  else form.set('user_id', choice.userId);
  const decided = await fetch(new URL(action, authorizeUrl), {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  expect(decided.status).toBe(302);
  return new URL(decided.headers.get('location')!);
}

/** Connect → consent as `userId` → callback with the browser's cookies. Returns where preroll sent it. */
export async function connectAs(
  t: FrameioTestEnv,
  admin: TestClient,
  userId: string = SEED_IDS.alexId,
): Promise<URL> {
  const started = await admin.post('/api/v1/integrations/frameio/connect');
  expect(started.status).toBe(200);
  const back = await consent(started.body.data.authorize_url, { userId });
  expect(back.href.startsWith(`${CALLBACK_URL}?`)).toBe(true);
  const done = await browserGet(t, admin, back.href);
  expect(done.status).toBe(303);
  return done.location;
}

/** Connected and workspace picked: status active. */
export async function connectActive(t: FrameioTestEnv, admin: TestClient, userId: string = SEED_IDS.alexId) {
  const landed = await connectAs(t, admin, userId);
  expect(landed.searchParams.get('frameio')).toBe('connected');
  const put = await admin.request('PUT', '/api/v1/integrations/frameio/workspace', {
    account_id: SEED_IDS.accountId,
    workspace_id: SEED_IDS.workspaceId,
  });
  expect(put.status).toBe(200);
  expect(put.body.data.status).toBe('active');
}

export function connectionRow(t: FrameioTestEnv, orgId: string) {
  return t.app.preroll.db
    .selectFrom('frameio_connections')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst();
}

/** The OAuth states preroll issued for an organization's Connect attempts. */
export function oauthStateRows(t: FrameioTestEnv, orgId: string) {
  return t.app.preroll.db
    .selectFrom('frameio_oauth_states')
    .selectAll()
    .where('org_id', '=', orgId)
    .execute();
}

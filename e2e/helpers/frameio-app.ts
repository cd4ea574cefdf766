import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Sandbox, type SandboxOptions, startSandbox } from '@preroll/frameio-sandbox';
import { loadConfig } from '../../apps/server/src/config/config.ts';
import { composePreroll } from '../../apps/server/src/server.ts';
import { TestClient } from '../../apps/server/test/helpers/http-client.ts';
import type { TestApp } from '../../apps/server/test/helpers/test-app.ts';
import { createTestDatabase } from '../../apps/server/test/helpers/test-database.ts';
import { buildWebApp } from './web-app.ts';

/** The seeded client the server uses in "sandbox" mode (no FRAMEIO_CLIENT_ID). */
export const SANDBOX_CLIENT_ID = 'preroll-local';

export interface FrameioWebApp {
  app: TestApp;
  sandbox: Sandbox;
  /** Exactly what the server sends to IMS as redirect_uri (PUBLIC_URL + the callback path). */
  redirectUri: string;
  /** PUBLIC_URL (app.url is where the test reaches the server: the same unless `publicHost` is a name no resolver knows). */
  publicUrl: string;
  close(): Promise<void>;
}

/** A port nobody listens on right now (the OS picks it; we close and reuse it at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The Frame.io sandbox in-process plus the real preroll server serving the built SPA, wired the
 * way `npm start` wires them without FRAMEIO_CLIENT_ID ("sandbox" mode, client preroll-local):
 * FRAMEIO_API_URL/FRAMEIO_IMS_URL point at the sandbox, and the server's exact redirect URI is
 * registered for preroll-local through the sandbox's control API.
 *
 * The OAuth callback comes back to PUBLIC_URL, and the browser must carry the session and the
 * state cookie there, so the server listens on a port chosen before start-up and the browser
 * uses exactly PUBLIC_URL (startTestApp's random port is only known after the config is built).
 * `worker: true` runs the job worker in-process (as `npm start` does), for uploads and mirroring.
 */
export async function startFrameioWebApp(
  opts: {
    env?: Record<string, string>;
    sandbox?: SandboxOptions;
    worker?: boolean;
    /** FRAMEIO_API_URL from the started sandbox (e.g. a proxy in front of it); default its own URL. */
    apiUrl?: (sandbox: Sandbox) => string;
    /** PUBLIC_URL's host name (default 127.0.0.1); the server always listens on 127.0.0.1. */
    publicHost?: string;
  } = {},
): Promise<FrameioWebApp> {
  buildWebApp();
  const sandbox = await startSandbox({ port: 0, transcodeDelayMs: 50, ...opts.sandbox });
  const port = await freePort();
  const publicHost = opts.publicHost ?? '127.0.0.1';
  const publicUrl = `http://${publicHost}:${port}`;
  const reachable = ['127.0.0.1', 'localhost'].includes(publicHost) ? publicUrl : `http://127.0.0.1:${port}`;
  const redirectUri = `${publicUrl}/api/integrations/frameio/callback`;
  // Like IMS, the sandbox takes an http redirect URI on loopback only; a test on another host name
  // never signs in.
  if (reachable === publicUrl) {
    const registered = await fetch(`${sandbox.url}/_sandbox/clients/${SANDBOX_CLIENT_ID}/redirect_uris`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uri: redirectUri }),
    });
    if (!registered.ok)
      throw new Error(`sandbox redirect URI: ${registered.status} ${await registered.text()}`);
  }

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-e2e-frameio-'));
  const database = await createTestDatabase();
  const config = loadConfig({
    PORT: String(port),
    PUBLIC_URL: publicUrl,
    PREROLL_DATA_DIR: dataDir,
    DATABASE_URL: database.databaseUrl,
    LOG_LEVEL: 'silent',
    PREROLL_SEED_DEMO: 'off',
    PREROLL_SIGNUPS_PER_HOUR: '100000',
    FRAMEIO_API_URL: opts.apiUrl ? opts.apiUrl(sandbox) : sandbox.url,
    FRAMEIO_IMS_URL: sandbox.imsUrl,
    ...opts.env,
  });
  const preroll = await composePreroll(config);
  await preroll.app.listen({ port, host: '127.0.0.1' });
  // composePreroll leaves the job worker to main.ts; Frame.io uploads run as jobs.
  if (opts.worker) preroll.startWorker();
  const app: TestApp = {
    preroll,
    config,
    url: reachable,
    dataDir,
    client: () => new TestClient(reachable),
    async close() {
      await preroll.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return {
    app,
    sandbox,
    redirectUri,
    publicUrl,
    async close() {
      await app.close();
      await sandbox.close();
    },
  };
}

/**
 * Connects the organization of `api` (an owner or admin) without a browser: Connect → the
 * sandbox consent form submitted as `userId` → the callback with the client's cookies → the
 * workspace picked. Ends with the connection active.
 */
export async function connectOverApi(
  fx: FrameioWebApp,
  api: TestClient,
  ids: { userId: string; accountId: string; workspaceId: string },
): Promise<void> {
  const started = await api.post('/api/v1/integrations/frameio/connect');
  if (started.status !== 200) throw new Error(`connect: ${started.status} ${started.text}`);
  const authorizeUrl = String(started.body.data.authorize_url);
  const form = await (await fetch(authorizeUrl)).text();
  const action = /<form method="post" action="([^"]+)"/.exec(form)?.[1];
  const requestId = /name="request_id" value="([^"]+)"/.exec(form)?.[1];
  if (!action || !requestId) throw new Error(`no consent form: ${form.slice(0, 200)}`);
  const decided = await fetch(new URL(action, authorizeUrl), {
    method: 'POST',
    body: new URLSearchParams({ request_id: requestId, user_id: ids.userId }),
    redirect: 'manual',
  });
  const back = new URL(decided.headers.get('location') ?? '');
  if (back.href !== `${fx.redirectUri}${back.search}`) throw new Error(`consent went to ${back.href}`);
  await api.get(back.pathname + back.search);
  const card = await api.get('/api/v1/integrations/frameio');
  if (card.body?.data?.status !== 'pending') throw new Error(`after callback: ${card.text}`);
  const put = await api.request('PUT', '/api/v1/integrations/frameio/workspace', {
    account_id: ids.accountId,
    workspace_id: ids.workspaceId,
  });
  if (put.status !== 200 || put.body.data.status !== 'active') throw new Error(`workspace: ${put.text}`);
}

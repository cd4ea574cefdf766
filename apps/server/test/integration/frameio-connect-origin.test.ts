import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

/**
 * Connecting from another name of the same machine (http://127.0.0.1:3000 while PUBLIC_URL is
 * http://localhost:3000) lost the state cookie on the way back from Frame.io. `preroll start` runs
 * here as its own process with the defaults a first-time user has (PUBLIC_URL unset, the local
 * sandbox), and everything goes over real HTTP.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

let child: ChildProcess;
let banner = '';
let port: number;
let dataDir: string;
let database: TestDatabase;

beforeAll(async () => {
  port = await freePort();
  const sandboxPort = await freePort();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-start-'));
  database = await createTestDatabase();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    SANDBOX_PORT: String(sandboxPort),
    PREROLL_DATA_DIR: dataDir,
    PREROLL_SEED_DEMO: 'off',
    LOG_LEVEL: 'silent',
  };
  for (const k of ['PUBLIC_URL', 'FRAMEIO_CLIENT_ID', 'FRAMEIO_CLIENT_SECRET', 'FRAMEIO_API_URL', 'HOST'])
    delete env[k];
  if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
  else delete env.DATABASE_URL;
  child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts', 'start'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner: ${banner}`)), 30_000);
    child.stdout?.on('data', (d) => {
      banner += String(d);
      if (banner.includes('  mail: ')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (d) => {
      banner += String(d);
    });
    child.once('exit', (code) => reject(new Error(`preroll exited (${code}): ${banner}`)));
  });
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await database?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const html = { accept: 'text/html,application/xhtml+xml' };

describe('the start banner and the address that works', () => {
  it('prints PUBLIC_URL as the address to open, says 127.0.0.1 redirects there, and a reviewer UI link that opens the UI', async () => {
    const publicUrl = `http://localhost:${port}`;
    expect(banner).toContain(`preroll is running: open ${publicUrl}\n`);
    expect(banner).toContain(`http://127.0.0.1:${port} redirects to it`);
    const ui = /reviewer UI[^:]*: (http:\/\/\S+)/.exec(banner)?.[1];
    expect(ui).toMatch(/\/ui\/$/);
    const page = await fetch(ui!);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Projects');
    const health = await fetch(`${publicUrl}/healthz`);
    expect(health.status).toBe(200);
  });

  it('a page asked for at http://127.0.0.1 is sent to the same path on PUBLIC_URL; the API, files and PUBLIC_URL itself are answered in place', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/settings/integrations?x=1`, {
      headers: html,
      redirect: 'manual',
    });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe(`http://localhost:${port}/settings/integrations?x=1`);
    for (const url of [
      `http://127.0.0.1:${port}/healthz`,
      `http://127.0.0.1:${port}/api/v1/me`,
      `http://localhost:${port}/settings/integrations`,
    ]) {
      const r = await fetch(url, { headers: html, redirect: 'manual' });
      await r.arrayBuffer();
      expect(r.status, url).not.toBe(307);
    }
    const asset = await fetch(`http://127.0.0.1:${port}/assets/missing.js`, { redirect: 'manual' });
    await asset.arrayBuffer();
    expect(asset.status).toBe(404);
  });

  it('Connect from a browser on another host name → 409 frameio_wrong_origin naming PUBLIC_URL, nothing stored; from PUBLIC_URL it starts', async () => {
    const publicUrl = `http://localhost:${port}`;
    const signup = await fetch(`${publicUrl}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `origin-${Date.now()}@example.test`,
        password: 'correct horse battery',
        name: 'Olive Owner',
        organization_name: 'Origin Studio',
      }),
    });
    expect(signup.status).toBe(201);
    const cookies = signup.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
    const csrf = /preroll_csrf=([^;]+)/.exec(cookies)?.[1] ?? '';
    const connect = (origin: string) =>
      fetch(`http://127.0.0.1:${port}/api/v1/integrations/frameio/connect`, {
        method: 'POST',
        headers: { cookie: cookies, 'x-csrf-token': csrf, origin },
      });
    const refused = await connect(`http://127.0.0.1:${port}`);
    expect(refused.status).toBe(409);
    expect(refused.headers.getSetCookie()).toEqual([]);
    const body = (await refused.json()) as { error: { code: string; public_url: string; message: string } };
    expect(body.error.code).toBe('frameio_wrong_origin');
    expect(body.error.public_url).toBe(publicUrl);
    expect(body.error.message).toContain(`Open preroll at ${publicUrl}`);

    const started = await connect(publicUrl);
    expect(started.status).toBe(200);
    expect(started.headers.getSetCookie().some((c) => c.startsWith('preroll_frameio_oauth='))).toBe(true);
    const authorize = new URL(
      ((await started.json()) as { data: { authorize_url: string } }).data.authorize_url,
    );
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${publicUrl}/api/integrations/frameio/callback`);
  });
});

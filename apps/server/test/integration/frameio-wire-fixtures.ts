import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEED_IDS } from '@preroll/frameio-sandbox';
import { loadConfig } from '../../src/config/config.ts';
import { loadSecretKey, SecretBox } from '../../src/repositories/secret-box.ts';
import { composePreroll } from '../../src/server.ts';
import { TestClient } from '../helpers/http-client.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { createTestDatabase } from '../helpers/test-database.ts';
import { waitFor } from './frameio-review-fixtures.ts';

export { SEED_IDS, waitFor };

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const CLIENT_ID = 'preroll-wire-test';
const CLIENT_SECRET = 'preroll-wire-test-secret';

/** Sandbox JSON, asserted field by field in the tests. */
// biome-ignore lint/suspicious/noExplicitAny: parsed JSON of another process
type Json = any;

/**
 * The Frame.io sandbox in its own OS process (`npm run sandbox`'s entry point), driven only over
 * HTTP: its public API, its IMS and its control API. What preroll sees of it is exactly the wire.
 */
export interface SandboxProcess {
  url: string;
  imsUrl: string;
  /** `/_sandbox/…` control API: JSON in, JSON out. */
  control(method: string, p: string, body?: unknown): Promise<{ status: number; body: Json }>;
  /** The public V4 API as the given bearer token. */
  api(token: string, method: string, p: string, data?: unknown): Promise<{ status: number; body: Json }>;
  /** A token of a seeded user for the preroll client (Alex is the connected user, Riley a reviewer). */
  tokenFor(userId: string): Promise<string>;
  /** Waits until the sandbox has no webhook delivery left to attempt. */
  waitForWebhooks(ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSandboxProcess(): Promise<SandboxProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frameio-sandbox-proc-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'packages/frameio-sandbox/src/cli.ts')],
    {
      cwd: repoRoot,
      env: { ...process.env, SANDBOX_PORT: '0', SANDBOX_RATE_LIMIT: 'off', SANDBOX_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${out}`)), 20_000);
    child.stdout?.on('data', (d) => {
      out += String(d);
      const m = /API\s+(http:\/\/\S+)\/v4/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr?.on('data', (d) => {
      out += String(d);
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited (${code}): ${out}`)));
  });
  const call = async (method: string, target: string, body: unknown, headers: Record<string, string>) => {
    const res = await fetch(`${url}${target}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const sandbox: SandboxProcess = {
    url,
    imsUrl: `${url}/ims`,
    control: (method, p, body) => call(method, p, body, {}),
    api: (token, method, p, data) =>
      call(method, p, data === undefined ? undefined : { data }, { authorization: `Bearer ${token}` }),
    async tokenFor(userId) {
      const res = await call('POST', '/_sandbox/tokens', { client_id: CLIENT_ID, user_id: userId }, {});
      if (res.status !== 201) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.access_token as string;
    },
    async waitForWebhooks(ms = 20_000) {
      await waitFor(
        'sandbox webhooks delivered',
        async () => {
          const res = await call('GET', '/_sandbox/webhook-deliveries', undefined, {});
          return !(res.body.deliveries as Array<{ state: string }>).some((d) => d.state === 'pending');
        },
        ms,
      );
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return sandbox;
}

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

export interface WireEnv {
  app: TestApp;
  sandbox: SandboxProcess;
  secretBox: SecretBox;
  alexToken: string;
  rileyToken: string;
  /** The in-process job worker: stopped, nothing is processed; started again, the queue drains. */
  worker: { stop(): Promise<void>; start(): void };
  close(): Promise<void>;
}

/**
 * preroll on http://127.0.0.1:<port> (PUBLIC_URL, where the sandbox process delivers webhooks) with
 * its own database, talking to a sandbox process as an Adobe-mode client registered for it.
 */
export async function startWireEnv(): Promise<WireEnv> {
  const sandbox = await startSandboxProcess();
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const registered = await sandbox.control('POST', '/_sandbox/clients', {
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: [`${publicUrl}/api/integrations/frameio/callback`],
    name: 'preroll (wire tests)',
  });
  if (registered.status !== 201) throw new Error(`client: ${JSON.stringify(registered.body)}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-wire-'));
  const database = await createTestDatabase();
  const config = loadConfig({
    PORT: String(port),
    PREROLL_DATA_DIR: dataDir,
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    LOG_LEVEL: 'silent',
    PREROLL_SEED_DEMO: 'off',
    PREROLL_SIGNUPS_PER_HOUR: '100000',
    PUBLIC_URL: publicUrl,
    FRAMEIO_CLIENT_ID: CLIENT_ID,
    FRAMEIO_CLIENT_SECRET: CLIENT_SECRET,
    FRAMEIO_API_URL: sandbox.url,
    FRAMEIO_IMS_URL: sandbox.imsUrl,
    PREROLL_WORKER: 'off',
  });
  const preroll = await composePreroll(config, {});
  await preroll.app.listen({ port, host: '127.0.0.1' });
  const app: TestApp = {
    preroll,
    config,
    url: publicUrl,
    dataDir,
    client: () => new TestClient(publicUrl),
    async close() {
      await preroll.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  let stopWorker: (() => Promise<void>) | undefined = preroll.startWorker();
  const worker = {
    async stop() {
      await stopWorker?.();
      stopWorker = undefined;
    },
    start() {
      stopWorker ??= preroll.startWorker();
    },
  };
  return {
    app,
    sandbox,
    secretBox: new SecretBox(loadSecretKey({ secretKeyHex: config.secretKeyHex, dataDir })),
    alexToken: await sandbox.tokenFor(SEED_IDS.alexId),
    rileyToken: await sandbox.tokenFor(SEED_IDS.rileyId),
    worker,
    async close() {
      await worker.stop().catch(() => undefined);
      await app.close();
      await sandbox.close();
    },
  };
}

/** Waits until no Frame.io job that is due is queued or running. */
export async function drained(t: WireEnv, ms = 20_000): Promise<void> {
  await t.sandbox.waitForWebhooks(ms);
  await waitFor(
    'Frame.io jobs drained',
    async () =>
      !(await t.app.preroll.db
        .selectFrom('jobs')
        .select('id')
        .where('type', 'like', 'frameio.%')
        .where('type', '!=', 'frameio.reconcile')
        .where('type', '!=', 'frameio.refresh-token')
        .where('status', 'in', ['queued', 'running'])
        .where('run_at', '<=', new Date(Date.now() + 1000).toISOString())
        .limit(1)
        .executeTakeFirst()),
    ms,
  );
}

/** The Status option name the sandbox shows for a file. */
export async function remoteStatusOf(t: WireEnv, fileId: string): Promise<string | null> {
  const res = await t.sandbox.api(
    t.alexToken,
    'GET',
    `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}/metadata`,
  );
  const field = (
    res.body.data.metadata as Array<{ field_definition_name: string; value: Array<{ display_name: string }> }>
  ).find((m) => m.field_definition_name === 'Status');
  return field?.value?.[0]?.display_name ?? null;
}

/** Sets a file's Status in the sandbox as a reviewer (Riley) does in Frame.io. */
export async function setRemoteStatus(t: WireEnv, fileId: string, optionId: string): Promise<void> {
  const file = await t.sandbox.api(t.rileyToken, 'GET', `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}`);
  const res = await t.sandbox.api(
    t.rileyToken,
    'PATCH',
    `/v4/accounts/${SEED_IDS.accountId}/projects/${file.body.data.project_id}/metadata/values`,
    { file_ids: [fileId], values: [{ field_definition_id: SEED_IDS.statusFieldId, value: [optionId] }] },
  );
  if (res.status !== 204) throw new Error(`status: ${res.status} ${JSON.stringify(res.body)}`);
}

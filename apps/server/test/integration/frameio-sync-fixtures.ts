import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Sandbox, SEED_IDS, startSandbox } from '@preroll/frameio-sandbox';
import { afterAll, beforeAll, expect } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { loadSecretKey, SecretBox } from '../../src/repositories/secret-box.ts';
import { composePreroll } from '../../src/server.ts';
import { TestClient } from '../helpers/http-client.ts';
import { signUp, type TestApp } from '../helpers/test-app.ts';
import { createTestDatabase } from '../helpers/test-database.ts';
import { makeClient, makeDeliverable, makeEpisode, makeShow } from './domain-fixtures.ts';
import { consent } from './frameio-fixtures.ts';
import { addVersionWithFile, waitFor } from './frameio-review-fixtures.ts';

export { SEED_IDS, waitFor };
export const CLIENT_ID = 'preroll-sync-test';
export const CLIENT_SECRET = 'preroll-sync-test-secret';
export const WEBHOOK_PATH = '/api/integrations/frameio/webhooks';

export interface SyncEnv {
  app: TestApp;
  sandbox: Sandbox;
  publicUrl: string;
  secretBox: SecretBox;
  /** Bearer tokens for acting in the sandbox as Alex (the connected user) or Riley (a reviewer). */
  alexToken: string;
  rileyToken: string;
  stopWorker: () => Promise<void>;
  /** The environment the server was configured from (for a worker in another process). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts a SyncEnv before the file's tests and closes it after: call it at the top of the spec,
 * read its fields inside the tests (they are there once beforeAll has run).
 */
export function useSyncEnv(sandboxOpts: Parameters<typeof startSyncEnv>[0] = {}): SyncEnv {
  const shared = {} as SyncEnv;
  beforeAll(async () => {
    Object.assign(shared, await startSyncEnv(sandboxOpts));
  });
  afterAll(async () => {
    await shared.close?.();
  });
  return shared;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Two-way comment sync specs: the sandbox delivers signed webhooks over real HTTP to the test server, so
 * PUBLIC_URL is the server's own http://127.0.0.1:<port> (chosen before listening). The job
 * worker runs in-process.
 */
export async function startSyncEnv(
  sandboxOpts: { rateLimitMode?: 'off' | 'realistic' } = {},
): Promise<SyncEnv> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const sandbox = await startSandbox({
    port: 0,
    transcodeDelayMs: 10,
    webhookBackoffScale: 0.001,
    ...sandboxOpts,
  });
  sandbox.control.registerClient({
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: [`${publicUrl}/api/integrations/frameio/callback`],
    name: 'preroll (sync tests)',
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-sync-'));
  const database = await createTestDatabase();
  const env: Record<string, string> = {
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
  };
  const config = loadConfig(env);
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
  const stopWorker = preroll.startWorker();
  const secretBox = new SecretBox(loadSecretKey({ secretKeyHex: config.secretKeyHex, dataDir }));
  return {
    app,
    sandbox,
    publicUrl,
    secretBox,
    alexToken: sandbox.control.mintTokens({ client_id: CLIENT_ID, user_id: SEED_IDS.alexId }).access_token,
    rileyToken: sandbox.control.mintTokens({ client_id: CLIENT_ID, user_id: SEED_IDS.rileyId }).access_token,
    stopWorker,
    env,
    async close() {
      await stopWorker().catch(() => undefined);
      await app.close();
      await sandbox.close();
    },
  };
}

function cookieHeader(client: TestClient): string {
  return ['preroll_session', 'preroll_csrf', 'preroll_frameio_oauth']
    .map((n) => [n, client.cookie(n)] as const)
    .filter(([, v]) => v !== undefined)
    .map(([n, v]) => `${n}=${v}`)
    .join('; ');
}

/** OAuth as Alex through the consent page, then the workspace pick (which registers the webhook). */
export async function connect(_t: unknown, admin: TestClient): Promise<void> {
  const started = await admin.post('/api/v1/integrations/frameio/connect');
  expect(started.status).toBe(200);
  const back = await consent(started.body.data.authorize_url, { userId: SEED_IDS.alexId });
  const res = await fetch(back.href, { redirect: 'manual', headers: { cookie: cookieHeader(admin) } });
  await res.arrayBuffer();
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toContain('frameio=connected');
  const put = await admin.request('PUT', '/api/v1/integrations/frameio/workspace', {
    account_id: SEED_IDS.accountId,
    workspace_id: SEED_IDS.workspaceId,
  });
  expect(put.status, put.text).toBe(200);
}

export type Owner = Awaited<ReturnType<typeof signUp>>;
const uniq = () => Math.random().toString(36).slice(2, 8);

/** A connected org with one deliverable whose version is in Frame.io (version → file link). */
export async function linkedVersion(t: Pick<SyncEnv, 'app'>, owner?: Owner) {
  const o = owner ?? (await signUp(t.app));
  if (!owner) await connect(t, o.client);
  const client = await makeClient(o.client, { name: `Client ${uniq()}` });
  const show = await makeShow(o.client, client.id, { title: `Show ${uniq()}` });
  const episode = await makeEpisode(o.client, show.id, { title: `Episode ${uniq()}` });
  const deliverable = await makeDeliverable(o.client, episode.id, { title: `Cut ${uniq()}` });
  const v = await addVersionWithFile(t.app, o.orgId, deliverable.id, 64 * 1024);
  const sent = await o.client.post(`/api/v1/versions/${v.id}/frameio`);
  expect([200, 201, 202], sent.text).toContain(sent.status);
  const fileId = await waitFor('version → file link', async () => {
    const row = await t.app.preroll.db
      .selectFrom('frameio_links')
      .select('remote_id')
      .where('org_id', '=', o.orgId)
      .where('local_type', '=', 'version')
      .where('local_id', '=', v.id)
      .where('remote_type', '=', 'file')
      .executeTakeFirst();
    return row?.remote_id;
  });
  return { owner: o, deliverableId: deliverable.id, versionId: v.id, fileId };
}

/** The Frame.io webhook deliveries preroll stored for an organization. */
export function webhookDeliveries(t: SyncEnv, orgId: string) {
  return t.app.preroll.db.selectFrom('webhook_deliveries').selectAll().where('org_id', '=', orgId).execute();
}

/** Acts in the sandbox's public API with a bearer token. */
export async function sandboxApi(t: SyncEnv, token: string, method: string, p: string, data?: unknown) {
  const res = await fetch(`${t.sandbox.url}${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(data === undefined ? {} : { body: JSON.stringify({ data }) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function remoteComments(t: SyncEnv, fileId: string) {
  const res = await sandboxApi(
    t,
    t.alexToken,
    'GET',
    `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}/comments?include=replies&page_size=100`,
  );
  expect(res.status).toBe(200);
  return res.body.data as Array<{
    id: string;
    text: string;
    timestamp: number | null;
    replies?: Array<{ id: string; text: string }>;
  }>;
}

export async function localComments(owner: Owner, versionId: string) {
  const res = await owner.client.get(`/api/v1/versions/${versionId}/comments`);
  expect(res.status).toBe(200);
  return res.body.data as Array<{
    id: string;
    body: string | null;
    frame: number | null;
    source: string;
    author: { type: string; name: string };
    visibility: string;
    deleted: boolean;
    replies: Array<{
      id: string;
      body: string | null;
      source: string;
      author: { type: string; name: string };
    }>;
  }>;
}

/** Waits until no Frame.io sync job is queued or running (the sandbox's deliveries settled first). */
export async function settle(t: SyncEnv, ms = 20_000): Promise<void> {
  await t.sandbox.control.waitForWebhooks();
  const summary = async () =>
    JSON.stringify(
      await t.app.preroll.db
        .selectFrom('jobs')
        .select(['type', 'status', 'attempts', 'run_at', 'locked_by', 'last_error'])
        .where('type', 'like', 'frameio.%')
        .where('status', 'in', ['queued', 'running'])
        .orderBy('status', 'desc')
        .limit(6)
        .execute(),
    );
  await waitFor(
    'sync jobs drained',
    async () => {
      const busy = await t.app.preroll.db
        .selectFrom('jobs')
        .select('id')
        .where('type', 'in', ['frameio.webhook', 'frameio.push-comment'])
        .where('status', 'in', ['queued', 'running'])
        .where('run_at', '<=', new Date(Date.now() + 1000).toISOString())
        .limit(1)
        .executeTakeFirst();
      return !busy;
    },
    ms,
  ).catch(async (err) => {
    throw new Error(`${(err as Error).message}: ${await summary()}`);
  });
}

/** Sets a file's Status in the sandbox as the holder of `token` does in Frame.io (Riley unless given). */
export async function setRemoteStatusAs(t: SyncEnv, fileId: string, optionId: string, token = t.rileyToken) {
  const file = await sandboxApi(t, token, 'GET', `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}`);
  const res = await sandboxApi(
    t,
    token,
    'PATCH',
    `/v4/accounts/${SEED_IDS.accountId}/projects/${file.body.data.project_id}/metadata/values`,
    { file_ids: [fileId], values: [{ field_definition_id: SEED_IDS.statusFieldId, value: [optionId] }] },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(204);
}

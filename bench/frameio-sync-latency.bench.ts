/**
 * Two-way comment sync figure: end-to-end comment sync latency on loopback, SQLite, worker in-process.
 *  - Frame.io → preroll: a comment created in the sandbox (as Riley, public API) until preroll
 *    publishes `comment.created` on its realtime bus (what the SSE route relays to browsers).
 *    Path: sandbox webhook → receiver (verify, store, enqueue) → job → comments.show + list →
 *    upsert → publish.
 *  - preroll → Frame.io: CommentService.create until the comment is listed in the sandbox
 *    (polled every 5 ms). Path: transaction + job → comments.create → link.
 * Sequential comments (one at a time), so this is latency, not throughput. Targets: p95 < 300 ms.
 * Env: BENCH_SYNC_COMMENTS (default 60 each way).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../apps/server/src/config/config.ts';
import { newId } from '../apps/server/src/lib/ids.ts';
import { loadSecretKey, SecretBox } from '../apps/server/src/repositories/secret-box.ts';
import { composePreroll } from '../apps/server/src/server.ts';
import { SEED_IDS, startSandbox } from '../packages/frameio-sandbox/src/index.ts';
import { insertDeliverable, insertMembers, insertVersion } from './bench-seed.ts';
import { fmt, machineLine, percentile } from './bench-support.ts';

const N = Number(process.env.BENCH_SYNC_COMMENTS ?? 60);
const CLIENT_ID = 'preroll-bench';

const port = await new Promise<number>((resolve) => {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1', () => {
    const p = (srv.address() as net.AddressInfo).port;
    srv.close(() => resolve(p));
  });
});
const publicUrl = `http://127.0.0.1:${port}`;
const sandbox = await startSandbox({ port: 0, transcodeDelayMs: 10, webhookBackoffScale: 0.001 });
sandbox.control.registerClient({
  client_id: CLIENT_ID,
  client_secret: 'x',
  redirect_uris: [`${publicUrl}/cb`],
});
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-bench-sync-'));
const config = loadConfig({
  PORT: String(port),
  PREROLL_DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  PREROLL_SEED_DEMO: 'off',
  PREROLL_WORKER: 'off',
  PUBLIC_URL: publicUrl,
  FRAMEIO_CLIENT_ID: CLIENT_ID,
  FRAMEIO_CLIENT_SECRET: 'x',
  FRAMEIO_API_URL: sandbox.url,
  FRAMEIO_IMS_URL: sandbox.imsUrl,
});
const preroll = await composePreroll(config, {});
await preroll.app.listen({ port, host: '127.0.0.1' });
const stopWorker = preroll.startWorker();
const db = preroll.db;
const box = new SecretBox(loadSecretKey({ secretKeyHex: config.secretKeyHex, dataDir }));
const alex = sandbox.control.mintTokens({ client_id: CLIENT_ID, user_id: SEED_IDS.alexId });
const riley = sandbox.control.mintTokens({ client_id: CLIENT_ID, user_id: SEED_IDS.rileyId }).access_token;
const api = async (token: string, method: string, p: string, data?: unknown) => {
  const res = await fetch(`${sandbox.url}${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(data === undefined ? {} : { body: JSON.stringify({ data }) }),
  });
  const text = await res.text();
  return text ? JSON.parse(text) : null;
};

try {
  // An organization connected as Alex (tokens minted, no browser), with a version linked to a file.
  const now = new Date().toISOString();
  const orgId = newId();
  await db
    .insertInto('organizations')
    .values({ id: orgId, name: 'Bench', settings_json: '{}', created_at: now, updated_at: now })
    .execute();
  const [userId = ''] = await insertMembers(db, orgId, [
    { name: 'Bench', email: 'bench@example.test', role: 'owner' },
  ]);
  await db
    .insertInto('frameio_connections')
    .values({
      id: newId(),
      org_id: orgId,
      status: 'active',
      access_token_enc: box.seal(alex.access_token),
      refresh_token_enc: alex.refresh_token ? box.seal(alex.refresh_token) : null,
      access_expires_at: new Date(Date.now() + 86_000_000).toISOString(),
      scopes: 'openid',
      frameio_user_id: SEED_IDS.alexId,
      frameio_user_name: 'Alex Producer',
      frameio_user_email: 'alex@sandbox.test',
      account_id: SEED_IDS.accountId,
      account_name: 'Sandbox Studio',
      workspace_id: SEED_IDS.workspaceId,
      workspace_name: 'Sandbox Workspace',
      connected_by: userId,
      connected_at: now,
      last_refreshed_at: null,
      last_error: null,
      token_version: 1,
      refresh_lease_owner: null,
      refresh_lease_until: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await preroll.frameio.webhooks.register(orgId);
  const project = await api(
    alex.access_token,
    'POST',
    `/v4/accounts/${SEED_IDS.accountId}/workspaces/${SEED_IDS.workspaceId}/projects`,
    { name: `Bench ${Date.now()}` },
  );
  const file = await api(
    alex.access_token,
    'POST',
    `/v4/accounts/${SEED_IDS.accountId}/folders/${project.data.root_folder_id}/files/local_upload`,
    { name: 'cut.mp4', file_size: 1024 },
  );
  const fileId = file.data.id as string;
  const { deliverableId } = await insertDeliverable(db, orgId, { status: 'draft' });
  const versionId = await insertVersion(db, orgId, deliverableId, {
    rate: [24000, 1001],
    durationFrames: 100_000,
    row: {
      ...{ original_filename: 'cut.mp4', content_type: 'video/mp4', size_bytes: 1024 },
      ...{
        storage_key: 'bench/cut.mp4',
        duration_ms: 4_170_000,
        width: 320,
        height: 240,
        uploaded_by: userId,
      },
    },
  });
  await db
    .insertInto('frameio_links')
    .values({
      id: newId(),
      org_id: orgId,
      local_type: 'version',
      local_id: versionId,
      remote_type: 'file',
      remote_id: fileId,
      remote_parent_id: project.data.root_folder_id,
      remote_name: 'cut.mp4',
      remote_updated_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();

  // Frame.io → preroll.
  const inbound: number[] = [];
  for (let i = 0; i < N; i++) {
    const text = `in ${i}`;
    let resolveSeen!: () => void;
    const seen = new Promise<void>((r) => (resolveSeen = r));
    const unsubscribe = preroll.events.subscribe(orgId, async (e) => {
      if (e.type !== 'comment.created') return;
      const row = await db
        .selectFrom('comments')
        .select('body')
        .where('id', '=', String(e.data.id))
        .executeTakeFirst();
      if (row?.body === text) resolveSeen();
    });
    const t0 = performance.now();
    await api(riley, 'POST', `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}/comments`, {
      text,
      timestamp: i + 1,
    });
    await seen;
    inbound.push(performance.now() - t0);
    unsubscribe();
  }

  // preroll → Frame.io.
  const actor = {
    kind: 'member' as const,
    userId,
    name: 'Bench',
    orgId,
    role: 'owner' as const,
    via: 'session' as const,
  };
  const outbound: number[] = [];
  for (let i = 0; i < N; i++) {
    const body = `out ${i}`;
    const t0 = performance.now();
    await preroll.services.comments.create(actor as never, versionId, { body, frame: i } as never);
    for (;;) {
      const list = await api(
        alex.access_token,
        'GET',
        `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}/comments?page_size=100&sort=created_at_desc`,
      );
      if ((list.data as Array<{ text: string }>).some((c) => c.text === body)) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    outbound.push(performance.now() - t0);
  }

  console.log(machineLine());
  console.log(`comment sync latency, SQLite, loopback, ${N} comments each way, one at a time`);
  console.log(
    `Frame.io → preroll (sandbox create → realtime event): p50 ${fmt(percentile(inbound, 50), 1)} ms, p95 ${fmt(percentile(inbound, 95), 1)} ms`,
  );
  console.log(
    `preroll → Frame.io (comment create → listed in sandbox): p50 ${fmt(percentile(outbound, 50), 1)} ms, p95 ${fmt(percentile(outbound, 95), 1)} ms`,
  );
} finally {
  await stopWorker();
  await preroll.close();
  await sandbox.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

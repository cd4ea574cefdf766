import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SEED_IDS, startSandbox } from '@preroll/frameio-sandbox';
import { expect } from 'vitest';
import { newId } from '../../src/lib/ids.ts';
import { FaultProxy } from '../helpers/frameio-fault-proxy.ts';
import { insertVersion } from '../helpers/seed-rows.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  CALLBACK_URL,
  CLIENT_ID,
  CLIENT_SECRET,
  type FrameioTestEnv,
  PUBLIC_URL,
  recordingFetch,
} from './frameio-fixtures.ts';

export { SEED_IDS };

export interface ReviewEnv extends FrameioTestEnv {
  proxy: FaultProxy;
  /** A bearer token for asserting on the sandbox's state through its API. */
  token: string;
}

/**
 * Send to Frame.io specs: preroll → fault proxy → sandbox, all loopback HTTP. The sandbox hands out upload
 * URLs on the proxy (publicUrl), so part PUTs can be stalled or failed; the API also goes through
 * the proxy (FRAMEIO_API_URL) for 403s and call counts. IMS is direct.
 */
export async function startReviewEnv(extraEnv: Record<string, string> = {}): Promise<ReviewEnv> {
  const proxy = await new FaultProxy().start();
  const sandbox = await startSandbox({
    port: 0,
    publicUrl: proxy.url,
    transcodeDelayMs: 20,
    webhookBackoffScale: 0.001,
  });
  proxy.target = sandbox.url;
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
    FRAMEIO_API_URL: proxy.url,
    FRAMEIO_IMS_URL: sandbox.imsUrl,
    PREROLL_WORKER: 'off',
    ...extraEnv,
  };
  const app = await startTestApp(env, { fetch: rec.fetch });
  const token = sandbox.control.mintTokens({ client_id: CLIENT_ID }).access_token;
  return {
    app,
    sandbox,
    rec,
    env,
    proxy,
    token,
    async close() {
      await app.close();
      await proxy.close();
      await sandbox.close();
    },
  };
}

/** GET a sandbox API path directly (not through preroll, not counted by the proxy). */
// biome-ignore lint/suspicious/noExplicitAny: sandbox JSON, asserted field by field
export async function sandboxGet(t: ReviewEnv, p: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${t.sandbox.url}${p}`, { headers: { authorization: `Bearer ${t.token}` } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function sandboxSend(t: ReviewEnv, method: string, p: string, data?: unknown) {
  const res = await fetch(`${t.sandbox.url}${p}`, {
    method,
    headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
    ...(data === undefined ? {} : { body: JSON.stringify({ data }) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function projectsNamed(t: ReviewEnv, name: string) {
  const res = await sandboxGet(
    t,
    `/v4/accounts/${SEED_IDS.accountId}/workspaces/${SEED_IDS.workspaceId}/projects?page_size=100`,
  );
  return (res.body.data as Array<{ id: string; name: string; root_folder_id: string }>).filter(
    (p) => p.name === name,
  );
}

export async function subfolders(t: ReviewEnv, folderId: string) {
  const res = await sandboxGet(
    t,
    `/v4/accounts/${SEED_IDS.accountId}/folders/${folderId}/folders?page_size=100`,
  );
  return res.body.data as Array<{ id: string; name: string }>;
}

/** Writes `size` random bytes (4 MiB at a time) and returns the SHA-256. */
export async function writeRandomFile(file: string, size: number): Promise<string> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'w');
  try {
    for (let written = 0; written < size; ) {
      const chunk = randomBytes(Math.min(4 * 1024 * 1024, size - written));
      hash.update(chunk);
      fs.writeSync(fd, chunk);
      written += chunk.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/** A ready version whose file (random bytes) is on disk where uploads put it. */
export async function addVersionWithFile(
  app: TestApp,
  orgId: string,
  deliverableId: string,
  size: number,
  filename = 'cut.mp4',
): Promise<{ id: string; sha256: string; number: number }> {
  const db = app.preroll.db;
  const id = newId();
  const storageKey = `frameio-test/${id}${path.extname(filename)}`;
  const sha256 = await writeRandomFile(path.join(app.dataDir, 'uploads', storageKey), size);
  await insertVersion(db, orgId, deliverableId, {
    rate: [24, 1],
    durationFrames: 48,
    row: {
      ...{
        id,
        original_filename: filename,
        content_type: 'video/mp4',
        size_bytes: size,
        storage_key: storageKey,
      },
      ...{ sha256, duration_ms: 2000, width: 320, height: 240 },
    },
  });
  const { number } = await db
    .selectFrom('deliverable_versions')
    .select('number')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { id, sha256, number };
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false | null>,
  ms = 20_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

export function uploadRow(app: TestApp, versionId: string) {
  return app.preroll.db
    .selectFrom('frameio_uploads')
    .selectAll()
    .where('version_id', '=', versionId)
    .executeTakeFirst();
}

export function links(app: TestApp, orgId: string) {
  return app.preroll.db.selectFrom('frameio_links').selectAll().where('org_id', '=', orgId).execute();
}

export function expectOk(res: { status: number; text: string }, status = 200) {
  expect(res.status, res.text).toBe(status);
}

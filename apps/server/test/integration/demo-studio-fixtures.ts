import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { type RunningPreroll, startPreroll } from '../../src/start.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

/**
 * The demo studio's specs start the app the way `npm start` does (start.ts: the bundled sandbox,
 * the composed app listening, the worker, the seed), on an empty data dir and its own database.
 * PUBLIC_URL is the server's own loopback address (port chosen before listening), so the
 * sandbox's signed webhooks reach it over real HTTP.
 */
export interface DemoEnv {
  url: string;
  dataDir: string;
  start(): Promise<RunningPreroll>;
  cleanup(): Promise<void>;
  config: ReturnType<typeof loadConfig>;
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

export async function demoEnv(extra: Record<string, string> = {}): Promise<DemoEnv> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-demo-'));
  const database: TestDatabase = await createTestDatabase();
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    SANDBOX_PORT: '0',
    PREROLL_DATA_DIR: dataDir,
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    LOG_LEVEL: 'silent',
    PREROLL_SEED_DEMO: 'on',
    ...extra,
  });
  return {
    url,
    dataDir,
    config,
    start: () => startPreroll(config),
    async cleanup() {
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The line of the banner that starts with `label`, without the label. */
export function bannerValue(banner: string, label: string): string {
  const line = banner.split('\n').find((l) => l.trim().startsWith(label));
  if (!line) throw new Error(`no "${label}" in the banner:\n${banner}`);
  return line.trim().slice(label.length).trim();
}

/** Logs in with a login exactly as the banner prints it: `email / password`. */
export async function loginWithPrinted(url: string, printed: string): Promise<TestClient> {
  const [email, password] = printed.split(' / ');
  const client = new TestClient(url);
  // After a restart on the same port, fetch may first pick a pooled socket of the closed server.
  const res = await client
    .post('/api/v1/auth/login', { email, password })
    .catch(() => client.post('/api/v1/auth/login', { email, password }));
  expect(res.status, res.text).toBe(200);
  return client;
}

export interface DemoCounts {
  clients: number;
  shows: number;
  episodes: number;
  deliverables: number;
  versions: number;
  comments: number;
  activity: number;
  members: number;
}

/** What the demo holds, counted over HTTP as the owner. */
export async function countDemo(owner: TestClient): Promise<DemoCounts> {
  const data = async (p: string) => {
    const res = await owner.get(p);
    expect(res.status, `${p}: ${res.text}`).toBe(200);
    return res.body.data;
  };
  const deliverables = await data('/api/v1/deliverables?limit=100');
  let versions = 0;
  let comments = 0;
  for (const d of deliverables) {
    const list = await data(`/api/v1/deliverables/${d.id}/versions?limit=100`);
    versions += list.length;
    for (const v of list) {
      for (const thread of await data(`/api/v1/versions/${v.id}/comments`))
        comments += 1 + thread.replies.length;
    }
  }
  const members = await data('/api/v1/members');
  return {
    clients: (await data('/api/v1/clients?limit=100')).length,
    shows: (await data('/api/v1/shows?limit=100')).length,
    episodes: (await data('/api/v1/episodes?limit=100')).length,
    deliverables: deliverables.length,
    versions,
    comments,
    activity: (await data('/api/v1/activity?limit=100')).length,
    members: (Array.isArray(members) ? members : members.members).length,
  };
}

export async function deliverableNamed(owner: TestClient, title: string) {
  const res = await owner.get('/api/v1/deliverables?limit=100');
  const found = res.body.data.find((d: { title: string }) => d.title === title);
  if (!found) throw new Error(`no deliverable "${title}"`);
  return found as { id: string; title: string; status: string; episode_id: string };
}

/** The fields of `GET /versions` the demo specs read. */
export interface PresentedVersion {
  id: string;
  number: number;
  status: string;
  sha256: string | null;
  [field: string]: unknown;
}

/** A comment thread as `GET /versions/{id}/comments` presents it. */
export interface PresentedThread {
  body: string;
  frame: number | null;
  timecode: string | null;
  duration_frames: number | null;
  visibility: string;
  source: string;
  author: { type: string; name: string };
  replies: Array<{ author: { name: string } }>;
}

export async function versionsOf(owner: TestClient, deliverableId: string) {
  const res = await owner.get(`/api/v1/deliverables/${deliverableId}/versions?limit=100`);
  expect(res.status).toBe(200);
  return (res.body.data as PresentedVersion[]).sort((a, b) => a.number - b.number);
}

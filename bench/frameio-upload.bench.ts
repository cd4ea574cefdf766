/**
 * Send to Frame.io / review projects figures, in one run:
 * 1. Send to Frame.io throughput: preroll's uploader (mirroring check, create_local_upload, parts
 *    streamed from disk 4 at a time, each part recorded in the database, progress) against a
 *    baseline that creates the file and PUTs the same parts with the same parallelism and
 *    nothing else (the physical limit on this machine). Sandbox in its own process, loopback.
 *    Also the uploader process's peak RSS (VmHWM) after a small and after the large uploads.
 * 2. Mirroring a show with 50 episodes × 10 deliverables (500 mirror steps, 4 at a time as the
 *    worker runs them): Frame.io calls made vs the minimum, with the sandbox's rate limits in
 *    realistic mode, and failed calls (must be 0: the client's limiter queues instead).
 * Env: BENCH_FRAMEIO_MIB (default 512; a 2 GiB file takes too long on 2 cores).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Kysely } from 'kysely';
import { openDatabase } from '../apps/server/src/db/database.ts';
import type { FrameioDeps } from '../apps/server/src/integrations/frameio/frameio-deps.ts';
import { frameioRepos } from '../apps/server/src/integrations/frameio/repositories/frameio-repos.ts';
import { putPart } from '../apps/server/src/integrations/frameio/repositories/part-uploader.ts';
import { FrameioMirror, type MirrorContext } from '../apps/server/src/integrations/frameio/review/mirror.ts';
import {
  DEFAULT_UPLOAD_TUNING,
  FrameioUploader,
} from '../apps/server/src/integrations/frameio/review/uploader.ts';
import { newUploadRow } from '../apps/server/src/integrations/frameio/review/version-state.ts';
import { systemClock } from '../apps/server/src/lib/clock.ts';
import { newId } from '../apps/server/src/lib/ids.ts';
import { systemTimers } from '../apps/server/src/lib/timers.ts';
import { FileStorage } from '../apps/server/src/repositories/file-storage.ts';
import { Store } from '../apps/server/src/repositories/store.ts';
import { type AllTables, migrateAll } from '../apps/server/src/server.ts';
import { createFrameioClient } from '../packages/frameio/src/index.ts';
import { insertVersion } from './bench-seed.ts';
import { fmt, machineLine } from './bench-support.ts';

const MiB = 1024 * 1024;
const LARGE = Number(process.env.BENCH_FRAMEIO_MIB ?? 512) * MiB;
const SMALL = 64 * MiB;
const ACCOUNT = '6f70f1bd-7e89-4a7e-b4d3-7e576585a181';
const WORKSPACE = '378fcbf7-6f88-4224-8139-6a743ed940b2';

const peakRss = () =>
  Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1]) * 1024;

function writeFile(file: string, bytes: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const block = randomBytes(MiB);
  const fd = fs.openSync(file, 'w');
  for (let written = 0; written < bytes; written += MiB)
    fs.writeSync(fd, block, 0, Math.min(MiB, bytes - written));
  fs.closeSync(fd);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-bench-frameio-'));
// The sandbox stores received parts on tmpfs when there is one: otherwise the kernel's writeback
// of gigabytes of parts lands at random moments in either measurement and swamps the ratio.
const sandboxData = fs.mkdtempSync(
  path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'preroll-bench-sbx-'),
);
const child = spawn(
  process.execPath,
  ['--import', 'tsx', path.resolve('bench/fixtures/frameio-sandbox-process.ts')],
  { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, SANDBOX_DATA_DIR: sandboxData } },
);
const { url, token } = JSON.parse(
  await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  }),
) as { url: string; token: string };

const control = async (method: string, p: string, body?: unknown) => {
  const res = await fetch(`${url}/_sandbox${p}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: control API JSON, read field by field
  return (text ? JSON.parse(text) : null) as any;
};

/** Every Frame.io API call, by operation path and status. */
const calls: Array<{ method: string; path: string; status: number }> = [];
const countingFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  const u = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  calls.push({ method: init?.method ?? 'GET', path: u.pathname, status: res.status });
  return res;
};
const newClient = () =>
  createFrameioClient({
    tokenProvider: { getAccessToken: async () => token, refresh: async () => token },
    baseUrl: url,
    fetch: countingFetch,
  });

const database = openDatabase({ databaseUrl: undefined, dataDir: tmp });
await migrateAll(database.db);
const store = new Store(database.db, database.dialect);
// migrateAll laid out every table, the integrations' too: the view composePreroll takes of it.
const allTables = database.db as unknown as Kysely<AllTables>;
const files = new FileStorage(tmp);
// Only what the uploader reads: the clock, timers, files and an event sink.
const deps = {
  clock: systemClock,
  timers: systemTimers,
  files,
  events: { publish: async () => {} },
} as unknown as FrameioDeps;
const now = new Date().toISOString();
const orgId = newId();
await store.executor
  .insertInto('organizations')
  .values({ id: orgId, name: 'Bench', settings_json: '{}', created_at: now, updated_at: now })
  .execute();
const clientId = newId();
await store.executor
  .insertInto('clients')
  .values({
    id: clientId,
    org_id: orgId,
    name: 'C',
    contact_email: null,
    notes: null,
    created_at: now,
    updated_at: now,
  })
  .execute();

async function makeShow(title: string, episodes: number, deliverablesPer: number) {
  const showId = newId();
  await store.executor
    .insertInto('shows')
    .values({
      id: showId,
      org_id: orgId,
      client_id: clientId,
      title,
      description: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const eps: Array<{ id: string; deliverables: string[] }> = [];
  for (let e = 0; e < episodes; e++) {
    const id = newId();
    await store.executor
      .insertInto('episodes')
      .values({
        id,
        org_id: orgId,
        show_id: showId,
        title: `Episode ${e + 1}`,
        number: e + 1,
        status: 'planned',
        air_date: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const deliverables: string[] = [];
    for (let d = 0; d < deliverablesPer; d++) {
      const did = newId();
      await store.executor
        .insertInto('deliverables')
        .values({
          id: did,
          org_id: orgId,
          episode_id: id,
          title: `Deliverable ${d + 1}`,
          kind: 'cut',
          status: 'draft',
          due_date: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      deliverables.push(did);
    }
    eps.push({ id, deliverables });
  }
  return { showId, eps };
}

async function makeVersion(deliverableId: string, size: number, label: string) {
  const storageKey = `bench/${label}.mp4`;
  writeFile(files.pathFor(storageKey), size);
  const id = await insertVersion(allTables, orgId, deliverableId, {
    rate: [24, 1],
    durationFrames: 1,
    row: {
      ...{ original_filename: `${label}.mp4`, content_type: 'video/mp4', size_bytes: size },
      ...{ storage_key: storageKey, duration_ms: 1, width: 1, height: 1 },
    },
  });
  return store.executor
    .selectFrom('deliverable_versions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** Waits for the sandbox to assemble the file, then deletes it (frees the tmpfs). */
async function waitStitched(fileId: string) {
  for (;;) {
    const facts = await control('GET', `/files/${fileId}/upload`);
    if (facts.status !== 'created') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await client.files.delete(ACCOUNT, fileId);
}

const client = newClient();
const ctx: MirrorContext = {
  orgId,
  accountId: ACCOUNT,
  workspaceId: WORKSPACE,
  client,
  store,
  clock: systemClock,
};

async function prerollUpload(
  version: Awaited<ReturnType<typeof makeVersion>>,
  episodeId: string,
): Promise<number> {
  await frameioRepos(store).uploads.insertIfMissing(newUploadRow(orgId, version, now));

  const started = performance.now();
  const result = await new FrameioUploader(deps, DEFAULT_UPLOAD_TUNING).upload(
    ctx,
    version,
    episodeId,
    `${version.original_filename}`,
    { id: 'bench' },
  );
  const seconds = (performance.now() - started) / 1000;
  if (result !== 'complete') throw new Error(`upload ${result}`);
  const row = await frameioRepos(store).uploads.findByVersion(orgId, version.id);
  await waitStitched(row!.remote_file_id!);
  return seconds;
}

async function baselineUpload(
  folderId: string,
  filePath: string,
  size: number,
  name: string,
): Promise<number> {
  const started = performance.now();
  const file = await client.files.createLocalUpload(ACCOUNT, folderId, { name, file_size: size });
  const parts = (file.upload_urls ?? []).map((p, i, all) => ({
    ...p,
    start: all.slice(0, i).reduce((s, q) => s + q.size, 0),
  }));
  const queue = [...parts];
  const worker = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      const res = await putPart({
        url: p.url,
        path: filePath,
        start: p.start,
        size: p.size,
        contentType: file.media_type ?? 'video/mp4',
      });
      if (res.status !== 200) throw new Error(`baseline part: ${res.status} ${res.body}`);
    }
  };
  await Promise.all(Array.from({ length: DEFAULT_UPLOAD_TUNING.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await waitStitched(file.id);
  return seconds;
}

console.log(machineLine());
try {
  // ---- 1. throughput -------------------------------------------------------------------------
  const up = await makeShow('Bench uploads', 1, 6);
  const ep = up.eps[0]!;
  const tree = await new FrameioMirror(ctx).ensureEpisode(ep.id);
  const small = await makeVersion(ep.deliverables[0]!, SMALL, 'small');
  const smallSeconds = await prerollUpload(small, ep.id);
  const rssAfterSmall = peakRss();
  const largeVersions = [
    await makeVersion(ep.deliverables[1]!, LARGE, 'large-a'),
    await makeVersion(ep.deliverables[2]!, LARGE, 'large-b'),
    await makeVersion(ep.deliverables[3]!, LARGE, 'large-c'),
  ];
  const largePath = files.pathFor(largeVersions[0]!.storage_key);
  const base: number[] = [];
  const ours: number[] = [];
  for (let round = 0; round < 3; round++) {
    base.push(await baselineUpload(tree.folderId, largePath, LARGE, `baseline-${round}.mp4`));
    ours.push(await prerollUpload(largeVersions[round]!, ep.id));
  }
  const rssAfterLarge = peakRss();
  const best = (xs: number[]) => Math.min(...xs);
  console.log(
    `Send to Frame.io, ${LARGE / MiB} MiB file (${Math.ceil(LARGE / (20 * MiB))} parts), 4 parts in flight, sandbox in its own process on loopback`,
  );
  console.log(
    `  baseline (create + bare PUTs) seconds: ${base.map((s) => fmt(s)).join(', ')}  → best ${fmt(LARGE / MiB / best(base), 0)} MiB/s`,
  );
  console.log(
    `  preroll uploader seconds:              ${ours.map((s) => fmt(s)).join(', ')}  → best ${fmt(LARGE / MiB / best(ours), 0)} MiB/s`,
  );
  console.log(
    `  throughput ratio preroll / baseline (best of 3 each, same run; target ≥ 0.9): ${fmt(best(base) / best(ours), 3)}`,
  );
  console.log(`  ${SMALL / MiB} MiB upload: ${fmt(smallSeconds)} s`);
  console.log(
    `  uploader process peak RSS (VmHWM): after ${SMALL / MiB} MiB ${fmt(rssAfterSmall / MiB, 0)} MiB, after the ${LARGE / MiB} MiB runs ${fmt(rssAfterLarge / MiB, 0)} MiB, ratio ${fmt(rssAfterLarge / rssAfterSmall, 3)} (flat ≈ 1.0)`,
  );
  for (const f of fs.readdirSync(files.pathFor('bench/x').replace(/x$/, '')))
    fs.rmSync(files.pathFor(`bench/${f}`), { force: true });

  // ---- 2. mirroring calls --------------------------------------------------------------------
  await control('PUT', '/rate-limit', { mode: 'realistic' });
  const mirrorClient = newClient();
  const mctx: MirrorContext = { ...ctx, client: mirrorClient };
  const show = await makeShow(`Bench mirror ${Date.now()}`, 50, 10);
  const steps = show.eps.flatMap((e) => e.deliverables.map(() => e.id));
  const before = calls.length;
  const started = performance.now();
  const queue = [...steps];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) await new FrameioMirror(mctx).ensureEpisode(id);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const made = calls.slice(before);
  const failed = made.filter((c) => c.status >= 400).length;
  const byOp = new Map<string, number>();
  for (const c of made) {
    const key = `${c.method} ${c.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')}`;
    byOp.set(key, (byOp.get(key) ?? 0) + 1);
  }
  // Minimum with reuse-by-name: list the workspace's projects once, create the project, create 50 folders.
  const minimum = 1 + 1 + 50;
  console.log(
    `Mirroring a show with 50 episodes × 10 deliverables (500 steps, 4 at a time), sandbox rate limits realistic`,
  );
  console.log(
    `  Frame.io calls: ${made.length} (minimum ${minimum}: 1 project list + 1 project + 50 folders) → ratio ${fmt(made.length / minimum, 2)}; failed calls: ${failed}; ${fmt(seconds, 1)} s`,
  );
  for (const [op, n] of [...byOp].sort()) console.log(`    ${String(n).padStart(4)}  ${op}`);
  const again = calls.length;
  for (const id of new Set(steps)) await new FrameioMirror(mctx).ensureEpisode(id);
  console.log(`  mirroring the same show again: ${calls.length - again} calls (links recorded)`);
  if (failed > 0) process.exitCode = 1;
} finally {
  child.kill('SIGTERM');
  await database.close();
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(sandboxData, { recursive: true, force: true });
}

/**
 * Playback proxy overhead: the `versions.proxy` job through preroll (claim, ffprobe, the playback
 * rule, ffmpeg with `-progress` parsed into throttled events and row writes, the rename into
 * place, the outcome written) against the very same ffmpeg command (`proxyArguments`) run
 * directly, on the same ProRes master, alternating, in one run. Goal: ratio ≤ 1.1.
 * The job's time is claim → done from its row (`locked_at` → `finished_at`). Only the proxy job
 * runs while it is measured, so nothing else competes for the CPU.
 * Env: BENCH_PROXY_SECONDS (default 4, so `npm run bench` stays within its 90 s per file) and BENCH_PROXY_SIZE (default 1280x720).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../apps/server/src/config/config.ts';
import { enqueue } from '../apps/server/src/jobs/job-queue.ts';
import { startWorker } from '../apps/server/src/jobs/worker.ts';
import { proxyArguments } from '../apps/server/src/repositories/media-transcoder.ts';
import { composePreroll } from '../apps/server/src/server.ts';
import { apiKeyOverHttp, insertDeliverable, signUpOverHttp } from './bench-seed.ts';
import { fmt, machineLine } from './bench-support.ts';

const SECONDS = Number(process.env.BENCH_PROXY_SECONDS ?? 4);
const SIZE = process.env.BENCH_PROXY_SIZE ?? '1280x720';
const ROUNDS = 3;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-bench-proxy-'));
const master = path.join(tmp, 'master.mov');
execFileSync('ffmpeg', [
  ...['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${SIZE}:rate=30000/1001`],
  ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(SECONDS)],
  ...['-c:v', 'prores_ks', '-profile:v', '2', '-c:a', 'pcm_s24le', '-timecode', '01:00:00;00', master],
]);

const config = loadConfig({
  PORT: '0',
  PREROLL_DATA_DIR: path.join(tmp, 'data'),
  LOG_LEVEL: 'silent',
  PREROLL_SEED_DEMO: 'off',
  PREROLL_WORKER: 'off',
});
const preroll = await composePreroll(config);
const base = (await preroll.app.listen({ port: 0, host: '127.0.0.1' })).replace('[::1]', '127.0.0.1');

async function setUp(): Promise<{ apiKey: string; deliverableId: string; orgId: string }> {
  const session = await signUpOverHttp(base);
  const apiKey = await apiKeyOverHttp(base, session);
  const { deliverableId } = await insertDeliverable(preroll.db, session.orgId);
  return { apiKey, deliverableId, orgId: session.orgId };
}

/** One tus upload in a single PATCH; the version id from `Preroll-Version-Id`. */
async function upload(apiKey: string, deliverableId: string): Promise<string> {
  const bytes = fs.readFileSync(master);
  const meta = (v: string) => Buffer.from(v).toString('base64');
  const auth = { authorization: `Bearer ${apiKey}`, 'tus-resumable': '1.0.0' };
  const created = await fetch(`${base}/api/v1/uploads`, {
    method: 'POST',
    headers: {
      ...auth,
      'upload-length': String(bytes.length),
      'upload-metadata': `deliverable_id ${meta(deliverableId)},filename ${meta('master.mov')}`,
    },
  });
  const location = new URL(created.headers.get('location') ?? '', base).toString();
  const patched = await fetch(location, {
    method: 'PATCH',
    headers: { ...auth, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    body: bytes,
  });
  return patched.headers.get('preroll-version-id') ?? '';
}

/** Runs only the given job type until no such job is queued or running. */
async function drain(type: string): Promise<void> {
  const worker = startWorker({
    store: preroll.store,
    handlers: { [type]: preroll.jobHandlers[type]! },
    // The production poll interval: a faster idle loop would itself compete with ffmpeg.
    pollIntervalMs: 1000,
    jobTimeoutMs: 200_000,
    visibilityTimeoutMs: 300_000,
  });
  for (;;) {
    const open = await preroll.db
      .selectFrom('jobs')
      .select('id')
      .where('type', '=', type)
      .where('status', 'in', ['queued', 'running'])
      .execute();
    if (open.length === 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await worker.stop();
}

async function throughPreroll(orgId: string, versionId: string, round: number): Promise<number> {
  await preroll.store.versions.update(orgId, versionId, { proxy_status: 'pending', proxy_key: null });
  const { job } = await enqueue(preroll.store, {
    type: 'versions.proxy',
    payload: { versionId },
    orgId,
    idempotencyKey: `bench-${round}`,
  });
  await drain('versions.proxy');
  const row = await preroll.store.jobs.findById(job.id);
  const version = await preroll.store.versions.findById(orgId, versionId);
  if (row?.status !== 'done' || version?.proxy_status !== 'ready')
    throw new Error(`proxy job ended ${row?.status} / ${version?.proxy_status}`);
  return (Date.parse(row.finished_at ?? '') - Date.parse(row.locked_at ?? row.updated_at)) / 1000;
}

function direct(spec: Parameters<typeof proxyArguments>[0]): Promise<number> {
  const target = path.join(tmp, 'direct.mp4');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', proxyArguments(spec, master, target), { stdio: 'ignore' });
    child.on('exit', (code) =>
      code === 0 ? resolve((performance.now() - started) / 1000) : reject(new Error(`ffmpeg ${code}`)),
    );
  });
}

try {
  const { apiKey, deliverableId, orgId } = await setUp();
  const versionId = await upload(apiKey, deliverableId);
  await drain('versions.analyze');
  const version = await preroll.store.versions.findById(orgId, versionId);
  if (version?.proxy_status !== 'pending')
    throw new Error(`expected a pending proxy: ${version?.proxy_status}`);
  // The analysis queued the version's own proxy job; the rounds below queue theirs one at a time.
  await preroll.db.deleteFrom('jobs').where('type', '=', 'versions.proxy').execute();
  // The command the job runs, rebuilt from the same facts (rate, timecode, audio).
  const spec = {
    kind: 'video' as const,
    rate: `${version.frame_rate_num}/${version.frame_rate_den}`,
    constantRate: false,
    timecode: '01:00:00;00',
    hasAudio: true,
  };
  const viaPreroll: number[] = [];
  const viaFfmpeg: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    viaFfmpeg.push(await direct(spec));
    viaPreroll.push(await throughPreroll(orgId, versionId, round));
  }
  const best = (xs: number[]) => Math.min(...xs);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(machineLine());
  console.log(
    `ProRes 422 ${SIZE} 29.97 fps, ${SECONDS} s (${(fs.statSync(master).size / 2 ** 20).toFixed(1)} MiB) → H.264/AAC proxy`,
  );
  console.log(
    `ffmpeg directly:       ${viaFfmpeg.map((s) => fmt(s)).join(' / ')} s (median ${fmt(median(viaFfmpeg))})`,
  );
  console.log(
    `versions.proxy job:    ${viaPreroll.map((s) => fmt(s)).join(' / ')} s (median ${fmt(median(viaPreroll))})`,
  );
  console.log(
    `ratio job / direct: median ${fmt(median(viaPreroll) / median(viaFfmpeg), 3)}, best ${fmt(best(viaPreroll) / best(viaFfmpeg), 3)} (goal ≤ 1.1)`,
  );
} finally {
  await preroll.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}

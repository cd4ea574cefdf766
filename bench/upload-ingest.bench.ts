/**
 * tus ingest throughput against the floor of the machine: a 1 GiB file uploaded to the real
 * server process as one tus PATCH, and the same file as one bare streaming HTTP PUT to a minimal
 * Node server writing to the same disk (bench/fixtures/bare-put-process.ts), in turns, in the same
 * run, with the same client code. Prints MiB/s of each, the tus/PUT ratio per pair, and the
 * web app's way (tus-js-client, 16 MiB chunks) once for reference.
 *
 * @bench-timeout 240 (three rounds of 1 GiB each way, then the tus-js-client upload)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmt, machineLine } from './bench-support.ts';
import {
  cpuSeconds,
  MiB,
  spawnFixture,
  startServer,
  streamFile,
  tusClientUpload,
  tusSinglePatch,
  writeFile,
} from './upload-support.ts';

const SIZE = 1024 * MiB;
const ROUNDS = Number(process.env.BENCH_UPLOAD_ROUNDS ?? 3);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-bench-ingest-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Seconds `run` takes; then the files it left under `dir` are removed (disk space). */
async function timed(
  run: () => Promise<unknown>,
  dir: string,
  pid: number,
): Promise<{ seconds: number; cpu: number }> {
  const cpuBefore = cpuSeconds(pid);
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(pid) - cpuBefore;
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, f);
    if (fs.statSync(full).isFile() && fs.statSync(full).size > MiB) fs.rmSync(full);
  }
  return { seconds, cpu };
}

console.log(machineLine());
console.log(
  `${SIZE / MiB} MiB file, ${ROUNDS} rounds, bare PUT and tus PATCH in turns, both servers in own processes`,
);
const file = path.join(tmp, 'upload.bin');
writeFile(file, SIZE);
const putDir = path.join(tmp, 'put');
const dataDir = path.join(tmp, 'data');
fs.mkdirSync(putDir);
const bare = await spawnFixture('bare-put-process.ts', { PUT_DIR: putDir });
const server = await startServer(dataDir);
try {
  const put: number[] = [];
  const patch: number[] = [];
  const ratios: number[] = [];
  const cpu = { put: [] as number[], patch: [] as number[] };
  console.log('round   bare PUT MiB/s (server CPU s)   tus PATCH MiB/s (server CPU s)   tus / PUT');
  for (let round = 1; round <= ROUNDS; round++) {
    const p = await timed(
      async () => {
        const res = await streamFile(`${bare.url}/upload.bin`, 'PUT', {}, file);
        if (res.status !== 204) throw new Error(`bare PUT answered ${res.status}`);
      },
      putDir,
      bare.child.pid!,
    );
    const t = await timed(() => tusSinglePatch(server, file), dataDir, server.child.pid!);
    put.push(SIZE / MiB / p.seconds);
    patch.push(SIZE / MiB / t.seconds);
    cpu.put.push(p.cpu);
    cpu.patch.push(t.cpu);
    ratios.push(p.seconds / t.seconds);
    console.log(
      `${String(round).padStart(5)}   ${`${fmt(put.at(-1)!, 0)} (${fmt(p.cpu, 1)})`.padStart(29)}   ${`${fmt(patch.at(-1)!, 0)} (${fmt(t.cpu, 1)})`.padStart(30)}   ${fmt(ratios.at(-1)!, 3).padStart(9)}`,
    );
  }
  const client = await timed(() => tusClientUpload(server, file), dataDir, server.child.pid!);
  console.log(
    `median: bare PUT ${fmt(median(put), 0)} MiB/s, tus PATCH ${fmt(median(patch), 0)} MiB/s, tus/PUT ${fmt(median(ratios), 3)} (goal ≥ 0.7)`,
  );
  console.log(
    `tus-js-client, 16 MiB chunks (the web app's way), once: ${fmt(SIZE / MiB / client.seconds, 0)} MiB/s`,
  );
  console.log(
    `server CPU seconds per GiB (median): bare PUT ${fmt(median(cpu.put))}, tus PATCH ${fmt(median(cpu.patch))}, tus/PUT ${fmt(median(cpu.patch) / median(cpu.put))}`,
  );
} finally {
  bare.child.kill('SIGTERM');
  server.child.kill('SIGTERM');
  fs.rmSync(tmp, { recursive: true, force: true });
}

/**
 * Memory of the server while a version is uploaded with tus (the foundation's promise: "any size,
 * streamed to disk, never held in memory"). The server runs in its own process; the client here streams a
 * file from disk in 16 MiB tus chunks. We read the server's peak RSS (VmHWM) after a small and a
 * large upload and print both, their ratio to each other (flat ≈ 1.0) and to the file sizes.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import * as tus from 'tus-js-client';
import { fmt, machineLine } from './bench-support.ts';

const MiB = 1024 * 1024;
const SIZES = [64 * MiB, 1024 * MiB];

function writeFile(file: string, bytes: number): void {
  const block = randomBytes(MiB);
  const fd = fs.openSync(file, 'w');
  for (let written = 0; written < bytes; written += MiB)
    fs.writeSync(fd, block, 0, Math.min(MiB, bytes - written));
  fs.closeSync(fd);
}

function peakRssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return kb * 1024;
}

async function json(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return {
    body: (await res.json()) as { data: Record<string, string> },
    cookies: res.headers.getSetCookie(),
  };
}

/** A fresh server process, an organization, an API key and a deliverable to upload to. */
async function startServer(dataDir: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.resolve('bench/fixtures/server-process.ts')],
    {
      env: { ...process.env, PREROLL_DATA_DIR: dataDir, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const signup = await json(`${url}/api/v1/auth/signup`, {
    email: 'bench@example.test',
    password: 'bench password 1',
    name: 'Bench',
    organization_name: 'Bench',
  });
  const cookie = signup.cookies.map((c) => c.split(';')[0]).join('; ');
  const csrf = signup.body.data.csrf_token as string;
  const key = (await json(`${url}/api/v1/api-keys`, { name: 'bench' }, { cookie, 'x-csrf-token': csrf })).body
    .data.key as string;
  const auth = { authorization: `Bearer ${key}` };
  const client = (await json(`${url}/api/v1/clients`, { name: 'Client' }, auth)).body.data;
  const show = (await json(`${url}/api/v1/clients/${client.id}/shows`, { title: 'Show' }, auth)).body.data;
  const episode = (await json(`${url}/api/v1/shows/${show.id}/episodes`, { title: 'Ep' }, auth)).body.data;
  const deliverable = (
    await json(`${url}/api/v1/episodes/${episode.id}/deliverables`, { title: 'Cut', kind: 'cut' }, auth)
  ).body.data;
  return { child, url, key, deliverableId: deliverable.id as string };
}

function upload(url: string, key: string, deliverableId: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const u = new tus.Upload(fs.createReadStream(file), {
      endpoint: `${url}/api/v1/uploads`,
      uploadSize: fs.statSync(file).size,
      chunkSize: 16 * MiB,
      headers: { authorization: `Bearer ${key}` },
      metadata: {
        deliverable_id: deliverableId,
        filename: path.basename(file),
        filetype: 'application/octet-stream',
      },
      retryDelays: [],
      onSuccess: () => resolve(),
      onError: reject,
    });
    u.start();
  });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-bench-upload-'));
console.log(machineLine());
console.log('server peak RSS (VmHWM) after one tus upload, server in its own process, 16 MiB chunks');
console.log('file MiB   seconds   MiB/s   peak RSS MiB   RSS / file size');
const peaks: number[] = [];
try {
  for (const size of SIZES) {
    const file = path.join(tmp, `upload-${size}.bin`);
    writeFile(file, size);
    const server = await startServer(path.join(tmp, `data-${size}`));
    try {
      const started = performance.now();
      await upload(server.url, server.key, server.deliverableId, file);
      const seconds = (performance.now() - started) / 1000;
      const peak = peakRssBytes(server.child.pid!);
      peaks.push(peak);
      console.log(
        `${String(size / MiB).padStart(8)}   ${fmt(seconds).padStart(7)}   ${fmt(size / MiB / seconds, 0).padStart(5)}   ${fmt(peak / MiB, 0).padStart(12)}   ${fmt(peak / size, 3).padStart(15)}`,
      );
    } finally {
      server.child.kill('SIGTERM');
      fs.rmSync(file, { force: true });
    }
  }
  console.log(
    `peak RSS ratio, ${SIZES[1]! / MiB} MiB upload / ${SIZES[0]! / MiB} MiB upload (same run; flat ≈ 1.0): ${fmt(peaks[1]! / peaks[0]!, 3)}`,
  );
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

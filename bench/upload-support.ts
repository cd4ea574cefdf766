/**
 * Shared pieces of the upload benchmarks: large files on disk, the real server in its own process
 * (with an API key and a deliverable to upload to), tus uploads and a server's peak RSS.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import * as tus from 'tus-js-client';
import { apiKeyOverHttp, signUpOverHttp } from './bench-seed.ts';

export const MiB = 1024 * 1024;

/** A file of `bytes` random bytes (one random MiB repeated: the disk write is what counts). */
export function writeFile(file: string, bytes: number): void {
  const block = randomBytes(MiB);
  const fd = fs.openSync(file, 'w');
  for (let written = 0; written < bytes; written += MiB)
    fs.writeSync(fd, block, 0, Math.min(MiB, bytes - written));
  fs.closeSync(fd);
}

/** The largest RSS the process has had (VmHWM), in bytes. */
export function peakRssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return kb * 1024;
}

/** CPU seconds (user + system) the process has used so far (clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
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
  };
}

/** Spawns a bench/fixtures process that prints its base URL on its first line. */
export async function spawnFixture(fixture: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('bench/fixtures', fixture)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${fixture} exited with ${code}`)));
  });
  return { child, url };
}

export interface UploadServer {
  child: ReturnType<typeof spawn>;
  url: string;
  key: string;
  deliverableId: string;
}

/** A fresh server process (SQLite in dataDir), an organization, an API key and a deliverable. */
export async function startServer(dataDir: string): Promise<UploadServer> {
  const { child, url } = await spawnFixture('server-process.ts', {
    PREROLL_DATA_DIR: dataDir,
    DATABASE_URL: '',
  });
  const key = await apiKeyOverHttp(url, await signUpOverHttp(url));
  const deliverableId = await deliverableOverHttp(url, { authorization: `Bearer ${key}` });
  return { child, url, key, deliverableId };
}

/** client → show → episode → deliverable over the API at `url`; returns the deliverable's id. */
export async function deliverableOverHttp(url: string, auth: Record<string, string>): Promise<string> {
  const client = (await json(`${url}/api/v1/clients`, { name: 'Client' }, auth)).body.data;
  const show = (await json(`${url}/api/v1/clients/${client.id}/shows`, { title: 'Show' }, auth)).body.data;
  const episode = (await json(`${url}/api/v1/shows/${show.id}/episodes`, { title: 'Ep' }, auth)).body.data;
  const deliverable = (
    await json(`${url}/api/v1/episodes/${episode.id}/deliverables`, { title: 'Cut', kind: 'cut' }, auth)
  ).body.data;
  return deliverable.id as string;
}

const metadataHeader = (meta: Record<string, string>) =>
  Object.entries(meta)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');

/** Streams a file as one request body; resolves with the response status and headers. */
export function streamFile(
  url: string,
  method: 'PUT' | 'PATCH',
  headers: Record<string, string>,
  file: string,
  bytes = fs.statSync(file).size,
): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { ...headers, 'content-length': String(bytes) } });
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.once('error', reject);
    pipeline(fs.createReadStream(file, { end: bytes - 1 }), req).catch(reject);
  });
}

/** A tus upload of the file's first `bytes` in one PATCH (the server's ingest path, nothing else). */
export async function tusSinglePatch(
  server: UploadServer,
  file: string,
  bytes = fs.statSync(file).size,
): Promise<void> {
  const auth = { authorization: `Bearer ${server.key}`, 'tus-resumable': '1.0.0' };
  const created = await fetch(`${server.url}/api/v1/uploads`, {
    method: 'POST',
    headers: {
      ...auth,
      'upload-length': String(bytes),
      'upload-metadata': metadataHeader({
        deliverable_id: server.deliverableId,
        filename: path.basename(file),
        filetype: 'application/octet-stream',
      }),
    },
  });
  if (created.status !== 201) throw new Error(`tus create: ${created.status} ${await created.text()}`);
  const location = new URL(created.headers.get('location')!, server.url).toString();
  const patched = await streamFile(
    location,
    'PATCH',
    { ...auth, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    file,
    bytes,
  );
  if (patched.status !== 204) throw new Error(`tus PATCH answered ${patched.status}`);
}

/** A tus upload as the web app makes it (tus-js-client, 16 MiB chunks). */
export function tusClientUpload(server: UploadServer, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const u = new tus.Upload(fs.createReadStream(file), {
      endpoint: `${server.url}/api/v1/uploads`,
      uploadSize: fs.statSync(file).size,
      chunkSize: 16 * MiB,
      headers: { authorization: `Bearer ${server.key}` },
      metadata: {
        deliverable_id: server.deliverableId,
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

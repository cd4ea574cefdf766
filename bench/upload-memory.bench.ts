/**
 * Memory of the server while a version is uploaded with tus (the foundation's promise: "any size,
 * streamed to disk, never held in memory"). The server runs in its own process, fresh for each
 * size; the client streams 1 GiB, then 4 GiB, from disk as one tus PATCH (the longest stream the
 * server can be handed). We read the server's peak RSS (VmHWM) after each and print both, their
 * ratio to each other (flat ≈ 1.0) and to the file sizes.
 *
 * @bench-timeout 300 (5 GiB through the server and a 4 GiB file written first)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmt, machineLine } from './bench-support.ts';
import { MiB, peakRssBytes, startServer, tusSinglePatch, writeFile } from './upload-support.ts';

const SIZES = [1024 * MiB, 4096 * MiB];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-bench-upload-'));
console.log(machineLine());
console.log('server peak RSS (VmHWM) after one tus upload (one PATCH), a fresh server process per size');
console.log('file MiB   seconds   MiB/s   peak RSS MiB   RSS / file size');
const peaks: number[] = [];
try {
  const file = path.join(tmp, 'upload.bin');
  // One file of the largest size; smaller uploads send its first bytes.
  writeFile(file, Math.max(...SIZES));
  for (const size of SIZES) {
    const dataDir = path.join(tmp, `data-${size}`);
    const server = await startServer(dataDir);
    try {
      const started = performance.now();
      await tusSinglePatch(server, file, size);
      const seconds = (performance.now() - started) / 1000;
      const peak = peakRssBytes(server.child.pid!);
      peaks.push(peak);
      console.log(
        `${String(size / MiB).padStart(8)}   ${fmt(seconds).padStart(7)}   ${fmt(size / MiB / seconds, 0).padStart(5)}   ${fmt(peak / MiB, 0).padStart(12)}   ${fmt(peak / size, 3).padStart(15)}`,
      );
    } finally {
      server.child.kill('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  console.log(
    `peak RSS ratio, ${SIZES[1]! / MiB} MiB upload / ${SIZES[0]! / MiB} MiB upload (same run; flat ≈ 1.0): ${fmt(peaks[1]! / peaks[0]!, 3)}`,
  );
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

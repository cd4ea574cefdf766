/**
 * `npm run bench`: runs every bench/*.bench.ts one after the other, each in its own process (so
 * one benchmark's pools, timers and heap do not disturb the next), and prints what they print.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_TIMEOUT_MS = 90_000;
/** A bench that needs longer says so in its header: `@bench-timeout <seconds>`. */
const timeoutOf = (file: string) => {
  const declared = /@bench-timeout (\d+)/.exec(fs.readFileSync(path.join(here, file), 'utf8'))?.[1];
  return declared ? Number(declared) * 1000 : BENCH_TIMEOUT_MS;
};
const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const results: Array<{ file: string; code: number | null; seconds: number }> = [];
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, file)], {
      stdio: 'inherit',
      cwd: path.resolve(here, '..'),
    });
    const limit = timeoutOf(file);
    const timer = setTimeout(() => {
      console.error(`${file}: still running after ${limit / 1000} s, stopping it`);
      child.kill('SIGKILL');
    }, limit);
    child.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  results.push({ file, code, seconds: (Date.now() - started) / 1000 });
}

console.log('\n=== summary ===');
for (const r of results)
  console.log(`${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.file} (${r.seconds.toFixed(1)} s)`);
process.exitCode = results.every((r) => r.code === 0) ? 0 : 1;

import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const workerScript = path.resolve(here, '../fixtures/jobs-worker-process.ts');

export interface WorkerProcess {
  child: ChildProcess;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  stderr(): string;
}

/**
 * Starts test/fixtures/jobs-worker-process.ts as its own OS process on the test's database and
 * resolves once its loop runs. `databaseUrl` undefined means SQLite in `dataDir`.
 */
export async function spawnWorkerProcess(opts: {
  workerId: string;
  databaseUrl: string | undefined;
  dataDir: string;
  env?: Record<string, string>;
}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: opts.databaseUrl ?? '',
      DATA_DIR: opts.dataDir,
      WORKER_ID: opts.workerId,
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      if (String(d).includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`${opts.workerId} exited ${code} before ready: ${stderr}`)));
  });
  return { child, exited, stderr: () => stderr };
}

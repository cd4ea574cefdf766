import { afterAll, afterEach, beforeAll } from 'vitest';
import type { JobHandlers } from '../../src/jobs/job-handlers.ts';
import { startWorker, type WorkerHandle, type WorkerOptions } from '../../src/jobs/worker.ts';
import type { Clock } from '../../src/lib/clock.ts';
import type { JobRow } from '../../src/repositories/job.repository.ts';
import type { Store } from '../../src/repositories/store.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The job queue specs: a real server with its own worker off, so each test starts exactly the
 * worker loops it needs (work()). app and store are live bindings, set by useJobsApp's beforeAll.
 */
export let app: TestApp;
export let store: Store;
const workers: WorkerHandle[] = [];

/** Starts the server for this test file; stops every worker a test started once that test ends. */
export function useJobsApp(): void {
  beforeAll(async () => {
    app = await startTestApp({ PREROLL_WORKER: 'off' });
    store = app.preroll.store;
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });
  afterAll(async () => {
    await app?.close();
  });
}

/** Each test uses its own job types, so jobs left by one test are never claimed by another's worker. */
let typeCounter = 0;
export const uniqueType = (name: string) => `test.${name}.${++typeCounter}`;

export function work(opts: Partial<WorkerOptions> & { handlers: JobHandlers }): WorkerHandle {
  const worker = startWorker({ store, pollIntervalMs: 20, onError: () => {}, ...opts });
  workers.push(worker);
  return worker;
}

export async function job(id: string): Promise<JobRow> {
  const row = await store.jobs.findById(id);
  if (!row) throw new Error(`job ${id} not found`);
  return row;
}

export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export class ManualClock implements Clock {
  constructor(private ms: number) {}
  now() {
    return new Date(this.ms);
  }
  advance(ms: number) {
    this.ms += ms;
  }
}

import { jobContext } from '../../src/jobs/job-handlers.ts';
import { type Clock, systemClock } from '../../src/lib/clock.ts';
import type { TestApp } from './test-app.ts';

export interface RunJobsOptions {
  types: string[];
  /** The clock the handlers read, and by default the time jobs must be due by; the real one unless given. */
  clock?: Clock;
  /** Jobs due by this time are claimed (and completed at it); `clock.now()` unless given. */
  dueBy?: () => Date;
  /** Runs each handler this many times on the same payload (a retry after a crash between its commit and its completion). */
  times?: number;
  /** Claims at most this many batches of up to 100. */
  rounds?: number;
}

/**
 * The tests' one way to run jobs: with the app's real handlers, as the worker would (claim, run,
 * complete), until none is due or the rounds are used up. Returns how many ran.
 */
export async function runJobs(app: TestApp, opts: RunJobsOptions): Promise<number> {
  const store = app.preroll.store;
  const clock = opts.clock ?? systemClock;
  const dueIso = () => (opts.dueBy ?? (() => clock.now()))().toISOString();
  let ran = 0;
  for (let round = 0; round < (opts.rounds ?? Number.POSITIVE_INFINITY); round += 1) {
    const jobs = await store.jobs.claim({
      workerId: 'spec',
      types: opts.types,
      limit: 100,
      nowIso: dueIso(),
    });
    if (jobs.length === 0) return ran;
    for (const job of jobs) {
      const ctx = jobContext(job, { store, clock, workerId: 'spec', signal: new AbortController().signal });
      for (let i = 0; i < (opts.times ?? 1); i += 1)
        await app.preroll.jobHandlers[job.type]!(JSON.parse(job.payload_json), ctx);
      await store.jobs.complete({ id: job.id, lockedBy: 'spec', lockedAt: job.locked_at! }, dueIso());
      ran += 1;
    }
  }
  return ran;
}

/**
 * Runs the queued jobs of these types until none is left, whatever their run time (the far future
 * is "now" here, so a spec that moved its clock forward still finds them). Returns how many ran.
 */
export async function runQueuedJobs(app: TestApp, types: string[]): Promise<number> {
  const farFuture = new Date(Date.now() + 10 * 365 * 24 * 3_600_000);
  return runJobs(app, { types, dueBy: () => farFuture });
}

import type { JobContext } from '../../src/jobs/job-handlers.ts';
import type { TestApp } from './test-app.ts';

/**
 * Runs the queued jobs of these types with the app's real handlers, as the worker would (claim,
 * run, complete), until none is left; whatever their run time (the far future is "now" here, so a
 * spec that moved its clock forward still finds them). Returns how many ran.
 */
export async function runQueuedJobs(app: TestApp, types: string[]): Promise<number> {
  const store = app.preroll.store;
  const nowIso = new Date(Date.now() + 10 * 365 * 24 * 3_600_000).toISOString();
  let ran = 0;
  for (;;) {
    const jobs = await store.jobs.claim({ workerId: 'spec', types, limit: 100, nowIso });
    if (jobs.length === 0) return ran;
    for (const job of jobs) {
      const ctx: JobContext = {
        job: {
          id: job.id,
          type: job.type,
          orgId: job.org_id,
          attempt: job.attempts,
          maxAttempts: job.max_attempts,
          createdAt: job.created_at,
        },
        store,
        clock: { now: () => new Date() },
        workerId: 'spec',
        signal: new AbortController().signal,
      };
      await app.preroll.jobHandlers[job.type]!(JSON.parse(job.payload_json), ctx);
      await store.jobs.complete({ id: job.id, lockedBy: 'spec', lockedAt: job.locked_at! }, nowIso);
      ran += 1;
    }
  }
}

import type { Histogram } from 'prom-client';
import type { Clock } from '../lib/clock.ts';
import type { Metrics } from '../lib/metrics.ts';
import type { JobHandlers } from './job-handlers.ts';

/**
 * Wraps every handler so each attempt's duration and outcome are observed
 * (`preroll_job_duration_seconds`), and, for the types named in `lags`, the time from the job's
 * enqueue to its success: for a job enqueued with what it processes (a received webhook), that
 * is the receive → processed lag.
 */
export function observeJobs(
  handlers: JobHandlers,
  metrics: Metrics,
  clock: Clock,
  lags: Record<string, Histogram> = {},
): JobHandlers {
  const observed: JobHandlers = {};
  for (const [type, handler] of Object.entries(handlers)) {
    observed[type] = async (payload, ctx) => {
      const started = performance.now();
      let outcome = 'failed';
      try {
        await handler(payload, ctx);
        outcome = 'done';
        const lag = lags[type];
        if (lag) lag.observe(Math.max(0, (clock.now().getTime() - Date.parse(ctx.job.createdAt)) / 1000));
      } finally {
        metrics.jobDuration.observe({ type, outcome }, (performance.now() - started) / 1000);
      }
    };
  }
  return observed;
}

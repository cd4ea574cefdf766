import type { Clock } from '../lib/clock.ts';
import type { JobRow } from '../repositories/job.repository.ts';
import type { Store } from '../repositories/store.ts';

/** What a handler gets besides its payload. */
export interface JobContext {
  job: {
    id: string;
    type: string;
    orgId: string | null;
    attempt: number;
    maxAttempts: number;
    /** When the job was enqueued (its first attempt's, for a retry): lags are measured from here. */
    createdAt: string;
  };
  /** The pool-bound store; open `store.transaction` for writes that must land together. */
  store: Store;
  clock: Clock;
  workerId: string;
  /**
   * Aborted when the job exceeds its type's timeout (JobTimeouts) or its worker loses the lease
   * (the job was reclaimed after missed heartbeats and runs elsewhere). Pass it to fetch and
   * child processes: JavaScript cannot kill a running promise, so a handler that ignores it keeps
   * running after the job has been recorded as failed.
   */
  signal: AbortSignal;
}

/** The context a claimed job's handler runs with: the row's facts, and the runner's own parts. */
export function jobContext(job: JobRow, runner: Omit<JobContext, 'job'>): JobContext {
  return {
    job: {
      id: job.id,
      type: job.type,
      orgId: job.org_id,
      attempt: job.attempts,
      maxAttempts: job.max_attempts,
      createdAt: job.created_at,
    },
    ...runner,
  };
}

/**
 * A job handler. Delivery is at least once: a job whose worker crashed or timed out runs again,
 * and the completion write can fail after the work succeeded. Handlers must therefore be
 * idempotent (upsert by a natural key, check remote state before creating, record progress).
 * Throwing fails the attempt (retried with backoff until max_attempts, then dead).
 */
export type JobHandler<P = unknown> = (payload: P, ctx: JobContext) => Promise<void>;

/** Job type → handler. A worker only claims the types it has a handler for. */
export type JobHandlers = Record<string, JobHandler>;

/**
 * A feature's job registry, typed by its payload map: each handler receives its own payload
 * type, and a type missing from the map (or a handler missing for a type) does not compile.
 * The same map augments `JobPayloads` (job-queue.ts), so `enqueue` checks payloads against it.
 */
export type JobRegistry<Payloads> = { [Type in keyof Payloads & string]: JobHandler<Payloads[Type]> };

/** Erases a typed registry's payload types for the worker, which hands each handler its own. */
export function jobHandlers<Payloads>(registry: JobRegistry<Payloads>): JobHandlers {
  return registry as unknown as JobHandlers;
}

/**
 * A feature's per-type time limits, next to its registry: milliseconds, or null for no limit.
 * Types left out get the worker's default (jobTimeoutMs, 4 min). The limit is independent of the
 * visibility timeout: a running job's lease is renewed by heartbeats (worker.ts), so a job may run
 * for hours and is reclaimed only when its worker stops renewing it.
 */
export type JobTimeouts<Payloads = Record<string, unknown>> = {
  [Type in keyof Payloads & string]?: number | null;
};

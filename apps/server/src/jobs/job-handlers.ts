import type { FrameioService } from '../integrations/frameio/frameio-connection.service.ts';
import { frameioJobHandlers } from '../integrations/frameio/frameio-jobs.ts';
import type { Clock } from '../lib/clock.ts';
import type { Store } from '../repositories/store.ts';
import type { UploadExpiry } from '../services/upload-expiry.ts';
import { uploadJobHandlers } from './upload-jobs.ts';

/** What a handler gets besides its payload. */
export interface JobContext {
  job: { id: string; type: string; orgId: string | null; attempt: number; maxAttempts: number };
  /** The pool-bound store; open `store.transaction` for writes that must land together. */
  store: Store;
  clock: Clock;
  workerId: string;
  /**
   * Aborted when the job exceeds its timeout. Pass it to fetch and
   * child processes: JavaScript cannot kill a running promise, so a handler that ignores it keeps
   * running after the job has been recorded as failed.
   */
  signal: AbortSignal;
}

/**
 * A job handler. Delivery is at least once: a job whose worker crashed or timed out runs again,
 * and the completion write can fail after the work succeeded. Handlers must therefore be
 * idempotent (upsert by a natural key, check remote state before creating, record progress).
 * Throwing fails the attempt (retried with backoff until max_attempts, then dead).
 */
export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;

/** Job type → handler. A worker only claims the types it has a handler for. */
export type JobHandlers = Record<string, JobHandler>;

/**
 * The production registry. Feature code adds its handlers here (e.g. Frame.io uploads, webhook
 * processing); there is deliberately no built-in `noop`: tests and benchmarks register their own.
 */
export function createJobHandlers(
  deps: { frameio?: FrameioService; uploadExpiry?: UploadExpiry } = {},
): JobHandlers {
  return {
    ...(deps.frameio ? frameioJobHandlers(deps.frameio) : {}),
    ...(deps.uploadExpiry ? uploadJobHandlers(deps.uploadExpiry) : {}),
  };
}

import type { JobHandler } from '../../../jobs/job-handlers.ts';
import type { FrameioAccess } from './connection-access.ts';
import { connectionErrorIn } from './connection-errors.ts';

/**
 * Wraps a Frame.io job handler: when the organization's connection cannot be used (needs
 * reconnect, not connected, no workspace) the job is parked in `frameio_waiting_jobs` and the
 * attempt ends normally, instead of burning retries and going dead while nobody can fix it.
 * Reconnecting (or picking the workspace) re-enqueues every parked job, so nothing is dropped.
 * Any other error is rethrown for the queue's normal retry with backoff.
 */
export function parkedWhileDisconnected<P>(access: FrameioAccess, handler: JobHandler<P>): JobHandler<P> {
  return async (payload, ctx) => {
    try {
      await handler(payload, ctx);
    } catch (err) {
      const waiting = connectionErrorIn(err);
      if (!waiting || !ctx.job.orgId) throw err;
      await access.parkJob(
        { id: ctx.job.id, type: ctx.job.type, orgId: ctx.job.orgId, maxAttempts: ctx.job.maxAttempts },
        payload,
        waiting.code,
      );
    }
  };
}

import type { JobHandler, JobHandlers } from '../../jobs/job-handlers.ts';
import type { FrameioService } from './frameio-connection.service.ts';
import { connectionErrorIn } from './frameio-errors.ts';

/**
 * Wraps a Frame.io job handler: when the organization's connection cannot be used (needs
 * reconnect, not connected, no workspace) the job is parked in `frameio_waiting_jobs` and the
 * attempt ends normally, instead of burning retries and going dead while nobody can fix it.
 * Reconnecting (or picking the workspace) re-enqueues every parked job, so nothing is dropped.
 * Any other error is rethrown for the queue's normal retry with backoff.
 */
export function frameioJob(frameio: FrameioService, handler: JobHandler): JobHandler {
  return async (payload, ctx) => {
    try {
      await handler(payload, ctx);
    } catch (err) {
      const waiting = connectionErrorIn(err);
      if (!waiting || !ctx.job.orgId) throw err;
      await frameio.parkJob(
        { id: ctx.job.id, type: ctx.job.type, orgId: ctx.job.orgId, maxAttempts: ctx.job.maxAttempts },
        payload,
        waiting.code,
      );
    }
  };
}

/** The integration's job types, registered by jobs/job-handlers.ts. */
export function frameioJobHandlers(frameio: FrameioService): JobHandlers {
  return {
    'frameio.refresh-token': async (payload, ctx) => {
      const { expiresAt } = payload as { expiresAt: string };
      if (!ctx.job.orgId) return;
      await frameio.refreshIfStillDue(ctx.job.orgId, expiresAt);
    },
    // Issue 6 (frameio-review.service.ts). Wrapped: parked while the connection needs a reconnect.
    'frameio.mirror-tree': frameioJob(frameio, async (payload, ctx) => {
      const { episodeId } = payload as { episodeId: string };
      if (ctx.job.orgId) await frameio.review.mirrorTreeJob(ctx.job.orgId, episodeId, ctx);
    }),
    'frameio.rename': frameioJob(frameio, async (payload, ctx) => {
      const { localType, localId } = payload as { localType: 'show' | 'episode'; localId: string };
      if (ctx.job.orgId) await frameio.review.renameJob(ctx.job.orgId, localType, localId, ctx);
    }),
    'frameio.upload-version': frameioJob(frameio, async (payload, ctx) => {
      const { versionId } = payload as { versionId: string };
      if (ctx.job.orgId) await frameio.review.uploadJob(ctx.job.orgId, versionId, ctx);
    }),
    'frameio.confirm-upload': frameioJob(frameio, async (payload, ctx) => {
      const { versionId, round } = payload as { versionId: string; round: number };
      if (ctx.job.orgId) await frameio.review.confirmJob(ctx.job.orgId, versionId, round, ctx);
    }),
    // Issue 7 (frameio-sync.service.ts).
    'frameio.webhook': frameioJob(frameio, async (payload, ctx) => {
      const { deliveryId } = payload as { deliveryId: string };
      if (ctx.job.orgId) await frameio.sync.processDelivery(ctx.job.orgId, deliveryId);
    }),
    'frameio.push-comment': frameioJob(frameio, async (payload, ctx) => {
      const { commentId } = payload as { commentId: string };
      if (ctx.job.orgId) await frameio.sync.pushComment(ctx.job.orgId, commentId, ctx.job.attempt);
    }),
    'frameio.push-status': frameioJob(frameio, async (payload, ctx) => {
      const { deliverableId } = payload as { deliverableId: string };
      if (ctx.job.orgId) await frameio.sync.pushStatus(ctx.job.orgId, deliverableId);
    }),
    'frameio.reconcile': frameioJob(frameio, async (payload, ctx) => {
      const { slot } = payload as { slot: string };
      if (ctx.job.orgId) await frameio.sync.reconcileJob(ctx.job.orgId, slot);
    }),
  };
}

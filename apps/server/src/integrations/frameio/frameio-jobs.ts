import {
  type JobContext,
  type JobHandler,
  type JobHandlers,
  type JobRegistry,
  jobHandlers,
} from '../../jobs/job-handlers.ts';
import type { FrameioAccess } from './connection/connection-access.ts';
import { parkedWhileDisconnected } from './connection/parked-jobs.ts';
import type { FrameioUploadJobs } from './review/upload-job.ts';
import type { FrameioCommentPush } from './sync/comment-outbound.ts';
import type { FrameioDeliveries } from './sync/deliveries.ts';
import type { FrameioReconciliation } from './sync/reconciliation.ts';
import type { FrameioStatusSync } from './sync/status-sync.ts';

/** Every Frame.io job type and its payload: the one list (enqueue checks payloads against it). */
export interface FrameioJobPayloads {
  /** Refresh the org's tokens before `expiresAt`; a no-op if they were refreshed meanwhile. */
  'frameio.refresh-token': { expiresAt: string };
  /** Mirror an episode's show → project and episode → folder (auto-mirror on deliverable create). */
  'frameio.mirror-tree': { episodeId: string };
  /** Rename the project/folder linked to a show/episode to its current title. */
  'frameio.rename': { localType: 'show' | 'episode'; localId: string };
  /** Send a version's file to Frame.io (resumes from the recorded parts). */
  'frameio.upload-version': { versionId: string };
  /** Confirm upload completion, then transcoding; re-enqueues itself a bounded number of times. */
  'frameio.confirm-upload': { versionId: string; round: number };
  /** Process one stored webhook delivery (fetch the resource, converge locally). */
  'frameio.webhook': { deliveryId: string };
  /** Push one local comment's current state (create, edit, delete) to its Frame.io file. */
  'frameio.push-comment': { commentId: string };
  /** Set the Frame.io Status of the deliverable's newest linked file from its current status. */
  'frameio.push-status': { deliverableId: string };
  /** Periodic reconciliation of every linked file of the organization; re-enqueues itself. */
  'frameio.reconcile': { slot: string };
}

declare module '../../jobs/job-queue.ts' {
  interface JobPayloads extends FrameioJobPayloads {}
}

export interface FrameioJobServices {
  access: FrameioAccess;
  uploads: FrameioUploadJobs;
  deliveries: FrameioDeliveries;
  commentPush: FrameioCommentPush;
  status: FrameioStatusSync;
  reconciliation: FrameioReconciliation;
}

/**
 * The handlers. Every Frame.io job belongs to an organization (no org: nothing to do); all but the
 * token refresh are parked while the connection needs an admin (parked-jobs.ts).
 */
export function frameioJobHandlers(s: FrameioJobServices): JobHandlers {
  const forOrg = <P>(run: (orgId: string, payload: P, ctx: JobContext) => Promise<void>): JobHandler<P> =>
    parkedWhileDisconnected<P>(s.access, async (payload, ctx) => {
      if (ctx.job.orgId) await run(ctx.job.orgId, payload, ctx);
    });
  const registry: JobRegistry<FrameioJobPayloads> = {
    'frameio.refresh-token': async ({ expiresAt }, ctx) => {
      if (ctx.job.orgId) await s.access.refreshIfStillDue(ctx.job.orgId, expiresAt);
    },
    'frameio.mirror-tree': forOrg((orgId, { episodeId }, ctx) =>
      s.uploads.mirrorTreeJob(orgId, episodeId, ctx),
    ),
    'frameio.rename': forOrg((orgId, p, ctx) => s.uploads.renameJob(orgId, p.localType, p.localId, ctx)),
    'frameio.upload-version': forOrg((orgId, { versionId }, ctx) =>
      s.uploads.uploadJob(orgId, versionId, ctx),
    ),
    'frameio.confirm-upload': forOrg((orgId, p, ctx) =>
      s.uploads.confirmJob(orgId, p.versionId, p.round, ctx),
    ),
    'frameio.webhook': forOrg((orgId, { deliveryId }) => s.deliveries.processDelivery(orgId, deliveryId)),
    'frameio.push-comment': forOrg((orgId, { commentId }, ctx) =>
      s.commentPush.pushJob(orgId, commentId, ctx),
    ),
    'frameio.push-status': forOrg((orgId, { deliverableId }) => s.status.pushJob(orgId, deliverableId)),
    'frameio.reconcile': forOrg((orgId, { slot }) => s.reconciliation.reconcileJob(orgId, slot)),
  };
  return jobHandlers(registry);
}

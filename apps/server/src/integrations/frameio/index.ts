import type { Sandbox } from '@preroll/frameio-sandbox';
import type { FastifyInstance } from 'fastify';
import type { MemberActor } from '../../lib/actor.ts';
import type { Integration } from '../integration.ts';
import { connectionRoutes } from './connection/connection.routes.ts';
import { FrameioConnectionService } from './connection/connection.service.ts';
import { FrameioAccess } from './connection/connection-access.ts';
import { type FrameioDemoOutcome, putFrameioDemoInMotion } from './demo/sandbox-demo.ts';
import type { FrameioDeps } from './frameio-deps.ts';
import { frameioDomainHooks } from './frameio-hooks.ts';
import { frameioJobHandlers } from './frameio-jobs.ts';
import { FrameioSettingsService } from './frameio-settings.ts';
import { frameioOperations } from './openapi.ts';
import { reviewRoutes } from './review/review.routes.ts';
import { FrameioReviewService } from './review/review.service.ts';
import { FrameioStacksAndShares } from './review/stacks-and-shares.ts';
import { FrameioUploadJobs } from './review/upload-job.ts';
import { FrameioVersionStates } from './review/version-state.ts';
import { settingsRoutes } from './settings.routes.ts';
import { FrameioCommentInbound } from './sync/comment-inbound.ts';
import { FrameioCommentPush } from './sync/comment-outbound.ts';
import { FrameioDeliveries } from './sync/deliveries.ts';
import { FrameioReconciliation } from './sync/reconciliation.ts';
import { FrameioStatusSync } from './sync/status-sync.ts';
import { syncRoutes } from './sync/sync.routes.ts';
import { FrameioWebhookReceiver } from './sync/webhook-receiver.ts';
import { FrameioWebhooks } from './sync/webhook-registration.ts';

export { startLocalFrameioSandbox, withSandboxUrls } from './connection/local-sandbox.ts';
export type { FrameioDemoOutcome } from './demo/sandbox-demo.ts';
export type { FrameioDeps } from './frameio-deps.ts';
export { frameioMigrations } from './migrations/index.ts';
export type { FrameioTables } from './repositories/frameio-tables.ts';

/** The integration as registered, with its parts reachable for tests and benchmarks. */
export interface FrameioIntegration extends Integration {
  access: FrameioAccess;
  connection: FrameioConnectionService;
  settings: FrameioSettingsService;
  review: FrameioReviewService;
  uploads: FrameioUploadJobs;
  webhooks: FrameioWebhooks;
  deliveries: FrameioDeliveries;
  reconciliation: FrameioReconciliation;
  commentPush: FrameioCommentPush;
  /** The demo studio's Frame.io, connected to the bundled sandbox and in motion (demo/sandbox-demo.ts). */
  putDemoInMotion(sandbox: Sandbox, owner: MemberActor, versionId: string): Promise<FrameioDemoOutcome>;
}

/**
 * The Frame.io integration's one registration point. Builds each part once, bottom up:
 * connection (the per-organization client, tokens, parked jobs) → review (mirroring, Send to
 * Frame.io, stacks, review links) and sync (webhooks, comments both ways, status,
 * reconciliation), and returns the hooks, job handlers and routes for the composition root.
 * The connection learns of the sync's webhook through listeners, so it imports nothing above it.
 */
export function registerFrameio(deps: FrameioDeps): FrameioIntegration {
  const access = new FrameioAccess(deps);
  const settings = new FrameioSettingsService(deps);

  const states = new FrameioVersionStates(deps);
  const stacksAndShares = new FrameioStacksAndShares(deps);
  const review = new FrameioReviewService(deps, access, states, stacksAndShares);
  const uploads = new FrameioUploadJobs(deps, access, states, stacksAndShares);

  const webhooks = new FrameioWebhooks(deps, access);
  const receiver = new FrameioWebhookReceiver(deps);
  const inbound = new FrameioCommentInbound(deps);
  const commentPush = new FrameioCommentPush(deps, access);
  const status = new FrameioStatusSync(deps, access);
  const deliveries = new FrameioDeliveries(deps, access, inbound, status);
  const reconciliation = new FrameioReconciliation(deps, access, inbound, status, webhooks);

  const connection = new FrameioConnectionService(deps, access, {
    webhookStatus: async (orgId) => (await webhooks.status(orgId)).status,
    workspaceSelected: (orgId) => reconciliation.workspaceSelected(orgId),
    workspaceKept: (orgId) => webhooks.ensureRegistered(orgId),
    beforeDisconnect: (ctx) => webhooks.unregister(ctx),
  });

  return {
    name: 'frameio',
    hooks: frameioDomainHooks(deps.clock),
    jobs: frameioJobHandlers({ access, uploads, deliveries, commentPush, status, reconciliation }),
    async routes(app: FastifyInstance) {
      await connectionRoutes(app, { connection, config: deps.config });
      await settingsRoutes(app, { settings });
      await reviewRoutes(app, { review });
      await syncRoutes(app, { receiver, webhooks, deliveries, reconciliation });
    },
    operations: frameioOperations,
    access,
    connection,
    settings,
    review,
    uploads,
    webhooks,
    deliveries,
    reconciliation,
    commentPush,
    putDemoInMotion: (sandbox, owner, versionId) =>
      putFrameioDemoInMotion({ deps, connection, review }, sandbox, owner, versionId),
  };
}

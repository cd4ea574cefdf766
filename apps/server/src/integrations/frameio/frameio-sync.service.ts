import type { FrameioStatusMapping } from '@preroll/contracts/frameio-sync';
import type { FrameioClient } from '@preroll/frameio';
import { enqueue } from '../../jobs/job-queue.ts';
import { notFound } from '../../lib/errors.ts';
import type { CommentRow } from '../../repositories/comment.repository.ts';
import { type Actor, requireMember, requireRole } from '../../services/actor.ts';

type FrameioStatusMappingInput = Omit<FrameioStatusMapping, 'in_review'> & {
  in_review?: string | null | undefined;
};

import type { ServiceDeps } from '../../services/service-deps.ts';
import { FrameioCommentSync, type ReconcileCounts } from './frameio-comment-sync.ts';
import type { FrameioConnectionView, FrameioService } from './frameio-connection.service.ts';
import { frameioRepos } from './frameio-repos.ts';
import { FrameioStatusSync, readStatusMapping, STATUS_MAPPING_SETTING } from './frameio-status-sync.ts';
import { FrameioWebhookService } from './frameio-webhooks.service.ts';

declare module '../../jobs/job-queue.ts' {
  interface JobPayloads {
    /** Periodic reconciliation of every linked file of the organization; re-enqueues itself. */
    'frameio.reconcile': { slot: string };
  }
}

/** A confirm-upload round beyond issue 6's MAX_CONFIRM_ROUNDS: one check, no re-enqueue. */
export const WEBHOOK_CONFIRM_ROUND = 1_000_000;

/** How often the periodic reconciliation runs per connected organization. */
export const RECONCILE_INTERVAL_MS = 5 * 60_000;

/**
 * Issue 7, the two-way sync: webhook registration and receiver, comment sync both ways,
 * reconciliation, delivery health. One instance per FrameioService (it shares its clients).
 */
export class FrameioSyncService {
  readonly webhooks: FrameioWebhookService;
  readonly comments: FrameioCommentSync;
  readonly status: FrameioStatusSync;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly frameio: FrameioService,
  ) {
    this.webhooks = new FrameioWebhookService(deps, frameio);
    this.comments = new FrameioCommentSync(deps, (type, c) => this.publishComment(type, c));
    this.status = new FrameioStatusSync(deps);
  }

  async webhookStatus(actor: Actor) {
    const member = requireMember(actor);
    return this.webhooks.status(member.orgId);
  }

  /** After a workspace is picked: register the webhook (best effort, the card shows "missing"). */
  async onWorkspaceSelected(orgId: string): Promise<void> {
    try {
      await this.webhooks.register(orgId);
    } catch {
      // Settings shows the webhook as missing and offers "Re-create"; reconciliation still runs.
    }
    await this.scheduleReconcile(orgId, new Date(this.deps.clock.now().getTime() + RECONCILE_INTERVAL_MS));
  }

  // ---- jobs ----------------------------------------------------------------------------------

  /** `frameio.webhook`: process one stored delivery; the outcome is recorded on it. */
  async processDelivery(orgId: string, deliveryId: string): Promise<void> {
    const repos = frameioRepos(this.deps.store);
    const delivery = await repos.deliveries.findById(orgId, deliveryId);
    if (!delivery) return;
    const nowIso = () => this.deps.clock.now().toISOString();
    try {
      const outcome = await this.handleEvent(
        orgId,
        delivery.event_type,
        delivery.resource_id,
        delivery.received_at,
      );
      await repos.deliveries.setResult(orgId, deliveryId, outcome, null, nowIso());
    } catch (err) {
      await repos.deliveries.setResult(
        orgId,
        deliveryId,
        'failed',
        (err as Error).message.slice(0, 500),
        nowIso(),
      );
      throw err;
    }
  }

  private async handleEvent(
    orgId: string,
    type: string,
    resourceId: string | null,
    receivedAt?: string,
  ): Promise<'processed' | 'ignored'> {
    if (!resourceId) return 'ignored';
    if (type.startsWith('comment.')) return this.onCommentEvent(orgId, resourceId, receivedAt, type);
    if (type === 'metadata.value.updated') return this.onMetadataEvent(orgId, resourceId);
    if (type === 'file.upload.completed' || type === 'file.ready' || type === 'file.versioned')
      return this.onFileEvent(orgId, resourceId, type);
    return 'ignored';
  }

  /** Any comment event: find its file, then converge that file's comments (fetch, never trust order). */
  private async onCommentEvent(
    orgId: string,
    remoteCommentId: string,
    receivedAt?: string,
    type?: string,
  ): Promise<'processed' | 'ignored'> {
    const repos = frameioRepos(this.deps.store);
    const known = await repos.links.findByRemote(orgId, remoteCommentId);
    // A creation we already know (the echo of our own push, or a repeat): nothing can be new.
    // Saves two calls of the 100/min comment budget per echo (REFERENCE §3).
    if (type === 'comment.created' && known?.local_type === 'comment') return 'processed';
    return this.frameio.withConnection(orgId, async (client, conn) => {
      let fileId: string | undefined;
      try {
        const remote = await client.comments.show(conn.accountId!, remoteCommentId);
        fileId = remote.file_id;
        // Linked and unchanged since we last saw it: no listing needed.
        if (known?.local_type === 'comment' && known.remote_updated_at === remote.updated_at)
          return 'processed';
      } catch (err) {
        if ((err as { status?: number }).status !== 404) throw err;
      }
      if (!fileId) {
        // Deleted (or never visible): the link, if any, tells us which file to converge.
        const link = await repos.links.findByRemote(orgId, remoteCommentId);
        if (link?.local_type !== 'comment') return 'ignored';
        fileId = link.remote_parent_id ?? undefined;
        if (!fileId) return 'ignored';
      }
      const fileLink = await repos.links.findByRemote(orgId, fileId);
      if (fileLink?.local_type !== 'version') return 'ignored';
      // Coalescing: a listing of this file begun after the delivery arrived already saw the change.
      const listed = this.comments.lastListed.get(`${orgId}:${fileId}`);
      if (receivedAt && listed !== undefined && listed > Date.parse(receivedAt)) return 'processed';
      await this.comments.reconcileFile(orgId, fileLink.local_id, fileId, client, conn);
      return 'processed';
    });
  }

  /**
   * Upload finished / transcoded on a version's file: run issue 6's confirm step now (upload state,
   * version stack, review link) instead of waiting for its next poll. A round past its maximum makes
   * it a single check that does not re-enqueue itself; its lease keeps it from racing the poller.
   */
  private async onFileEvent(orgId: string, fileId: string, type: string): Promise<'processed' | 'ignored'> {
    const fileLink = await frameioRepos(this.deps.store).links.findByRemote(orgId, fileId);
    if (fileLink?.local_type !== 'version') return 'ignored';
    await enqueue(
      this.deps.store,
      {
        type: 'frameio.confirm-upload',
        payload: { versionId: fileLink.local_id, round: WEBHOOK_CONFIRM_ROUND },
        orgId,
        idempotencyKey: `frameio.confirm-upload:${fileLink.local_id}:${type}:${this.deps.clock.now().toISOString()}`,
      },
      this.deps.clock,
    );
    return 'processed';
  }

  /** Status changed on a file: only files mirrored from a version matter. */
  private async onMetadataEvent(orgId: string, fileId: string): Promise<'processed' | 'ignored'> {
    const fileLink = await frameioRepos(this.deps.store).links.findByRemote(orgId, fileId);
    if (fileLink?.local_type !== 'version') return 'ignored';
    return this.frameio.withConnection(orgId, (client, conn) =>
      this.status.onMetadataUpdated(orgId, fileLink.local_id, fileId, client, conn),
    );
  }

  async pushStatus(orgId: string, deliverableId: string): Promise<void> {
    await this.frameio.withConnection(orgId, (client, conn) =>
      this.status.push(orgId, deliverableId, client, conn),
    );
  }

  async statusMapping(actor: Actor) {
    const member = requireMember(actor);
    const org = await this.deps.store.organizations.findById(member.orgId);
    return readStatusMapping(org?.settings_json);
  }

  async updateStatusMapping(actor: Actor, input: FrameioStatusMappingInput) {
    const admin = requireRole(actor, 'admin');
    return this.deps.store.transaction(async (tx) => {
      const org = await tx.organizations.findById(admin.orgId);
      if (!org) throw notFound('Organization');
      let settings: Record<string, unknown> = {};
      try {
        settings = JSON.parse(org.settings_json || '{}') as Record<string, unknown>;
      } catch {
        settings = {};
      }
      const mapping = { ...input, in_review: input.in_review ?? null };
      settings[STATUS_MAPPING_SETTING] = mapping;
      await tx.organizations.update(admin.orgId, {
        settings_json: JSON.stringify(settings),
        updated_at: this.deps.clock.now().toISOString(),
      });
      return readStatusMapping(JSON.stringify(settings));
    });
  }

  async pushComment(orgId: string, commentId: string, attempt: number): Promise<void> {
    const repos = frameioRepos(this.deps.store);
    try {
      await this.frameio.withConnection(orgId, (client, conn) =>
        this.comments.push(orgId, commentId, client, conn, attempt),
      );
    } catch (err) {
      const msg = (err as Error).message.slice(0, 500);
      if (await this.deps.store.comments.findById(orgId, commentId))
        await repos.commentSync.set(orgId, commentId, 'failed', msg, this.deps.clock.now().toISOString());
      throw err;
    }
  }

  /** `frameio.reconcile`: every linked file of the org, then the next run. */
  async reconcileJob(orgId: string, slot: string): Promise<void> {
    const conn = await frameioRepos(this.deps.store).connections.findByOrg(orgId);
    if (!conn) return; // disconnected: the chain ends; the next workspace pick starts it again
    try {
      await this.frameio.withConnection(orgId, (client, view) => this.reconcileAll(orgId, client, view));
    } finally {
      const next = new Date(Date.parse(slot) + RECONCILE_INTERVAL_MS);
      const now = this.deps.clock.now();
      await this.scheduleReconcile(
        orgId,
        next > now ? next : new Date(now.getTime() + RECONCILE_INTERVAL_MS),
      );
    }
  }

  private async reconcileAll(orgId: string, client: FrameioClient, conn: FrameioConnectionView) {
    const files = await this.deps.store.executor
      .selectFrom('frameio_links')
      .select(['local_id', 'remote_id'])
      .where('org_id', '=', orgId)
      .where('local_type', '=', 'version')
      .where('remote_type', '=', 'file')
      .execute();
    for (const f of files) await this.comments.reconcileFile(orgId, f.local_id, f.remote_id, client, conn);
  }

  async scheduleReconcile(orgId: string, runAt: Date): Promise<void> {
    const slot = runAt.toISOString();
    await enqueue(
      this.deps.store,
      {
        type: 'frameio.reconcile',
        payload: { slot },
        orgId,
        runAt,
        idempotencyKey: `frameio.reconcile:${orgId}:${slot}`,
      },
      this.deps.clock,
    );
  }

  /** `POST /api/v1/deliverables/{id}/frameio/resync`: converge every linked version of it now. */
  async resyncDeliverable(actor: Actor, deliverableId: string): Promise<ReconcileCounts & { files: number }> {
    const member = requireMember(actor);
    if (!(await this.deps.store.deliverables.findById(member.orgId, deliverableId)))
      throw notFound('Deliverable');
    const files = await frameioRepos(this.deps.store).links.filesOfDeliverable(member.orgId, deliverableId);
    const total: ReconcileCounts & { files: number } = {
      created: 0,
      updated: 0,
      deleted: 0,
      linked: 0,
      pushed: 0,
      files: 0,
    };
    if (files.length === 0) return total;
    await this.frameio.withConnection(member.orgId, async (client, conn) => {
      for (const f of files) {
        const c = await this.comments.reconcileFile(member.orgId, f.local_id, f.remote_id, client, conn);
        total.files += 1;
        for (const k of ['created', 'updated', 'deleted', 'linked', 'pushed'] as const) total[k] += c[k];
      }
    });
    return total;
  }

  /** Per-comment sync state for a version's comments (Settings / player badges). */
  async commentSyncStates(actor: Actor, versionId: string) {
    const member = requireMember(actor);
    if (!(await this.deps.store.versions.findById(member.orgId, versionId))) throw notFound('Version');
    const rows = await this.deps.store.comments.listForVersion(member.orgId, versionId);
    const states = await frameioRepos(this.deps.store).commentSync.listForComments(
      member.orgId,
      rows.map((r) => r.id),
    );
    return states.map((s) => ({
      comment_id: s.comment_id,
      state: s.state,
      error: s.error,
      updated_at: s.updated_at,
    }));
  }

  /** The same event shape CommentService publishes, after the commit. */
  private async publishComment(
    type: 'comment.created' | 'comment.updated' | 'comment.deleted',
    c: CommentRow,
  ) {
    await this.deps.events.publish(c.org_id, {
      type,
      data: {
        id: c.id,
        version_id: c.version_id,
        deliverable_id: c.deliverable_id,
        parent_id: c.parent_id,
        visibility: c.visibility,
        frame: c.frame,
        client_id: await this.deps.store.versions.portalClientOf(c.org_id, c.deliverable_id),
      },
    });
  }
}

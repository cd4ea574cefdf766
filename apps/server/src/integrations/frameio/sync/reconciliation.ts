import type { FrameioCommentSyncState, FrameioResyncResult } from '@preroll/contracts/frameio-sync';
import type { FrameioClient } from '@preroll/frameio';
import { enqueue } from '../../../jobs/job-queue.ts';
import { type Actor, requireMember } from '../../../lib/actor.ts';
import { notFound } from '../../../lib/errors.ts';
import type { FrameioAccess, FrameioConnectionView } from '../connection/connection-access.ts';
import type { FrameioDeps } from '../frameio-deps.ts';
import { frameioRepos } from '../repositories/frameio-repos.ts';
import type { FrameioCommentInbound } from './comment-inbound.ts';
import type { FrameioStatusSync } from './status-sync.ts';
import type { FrameioWebhooks } from './webhook-registration.ts';

/** How often the periodic reconciliation runs per connected organization. */
export const RECONCILE_INTERVAL_MS = 5 * 60_000;

/**
 * Repairs what a lost webhook missed: the `frameio.reconcile` job re-lists every linked file's
 * comments and converges every mirrored deliverable's approval status every RECONCILE_INTERVAL_MS
 * per connected organization (it re-enqueues itself; the chain starts when a workspace is
 * picked), and Resync does the same for one deliverable now.
 */
export class FrameioReconciliation {
  constructor(
    private readonly deps: FrameioDeps,
    private readonly access: FrameioAccess,
    private readonly inbound: FrameioCommentInbound,
    private readonly status: FrameioStatusSync,
    private readonly webhooks: FrameioWebhooks,
  ) {}

  /** After a workspace is picked: register the webhook (best effort, the card shows "missing"). */
  async workspaceSelected(orgId: string): Promise<void> {
    try {
      await this.webhooks.register(orgId);
    } catch {
      // Settings shows the webhook as missing and offers "Re-create"; reconciliation still runs.
    }
    await this.scheduleReconcile(orgId, new Date(this.deps.clock.now().getTime() + RECONCILE_INTERVAL_MS));
  }

  /** `frameio.reconcile`: every linked file of the org, then the next run. */
  async reconcileJob(orgId: string, slot: string): Promise<void> {
    const conn = await frameioRepos(this.deps.store).connections.findByOrg(orgId);
    if (!conn) return; // disconnected: the chain ends; the next workspace pick starts it again
    try {
      await this.access.withConnection(orgId, (client, view) => this.reconcileAll(orgId, client, view));
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
    const files = await frameioRepos(this.deps.store).links.versionFiles(orgId);
    const deliverables = new Set<string>();
    for (const f of files) {
      await this.inbound.reconcileFile(orgId, f.local_id, f.remote_id, client, conn);
      const version = await this.deps.store.versions.findById(orgId, f.local_id);
      if (version) deliverables.add(version.deliverable_id);
    }
    for (const id of deliverables) await this.status.converge(orgId, id, client, conn, 'reconcile');
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
  async resyncDeliverable(actor: Actor, deliverableId: string): Promise<FrameioResyncResult> {
    const member = requireMember(actor);
    if (!(await this.deps.store.deliverables.findById(member.orgId, deliverableId)))
      throw notFound('Deliverable');
    const files = await frameioRepos(this.deps.store).links.filesOfDeliverable(member.orgId, deliverableId);
    const total: FrameioResyncResult = {
      created: 0,
      updated: 0,
      deleted: 0,
      linked: 0,
      pushed: 0,
      files: 0,
      status: { outcome: 'no_file', preroll: null, frameio: null, detail: null },
    };
    if (files.length === 0) return total;
    await this.access.withConnection(member.orgId, async (client, conn) => {
      for (const f of files) {
        const c = await this.inbound.reconcileFile(member.orgId, f.local_id, f.remote_id, client, conn);
        total.files += 1;
        for (const k of ['created', 'updated', 'deleted', 'linked', 'pushed'] as const) total[k] += c[k];
      }
      total.status = await this.status.converge(member.orgId, deliverableId, client, conn, 'reconcile');
    });
    return total;
  }

  /** Per-comment sync state for a version's comments (Settings / player badges). */
  async commentSyncStates(actor: Actor, versionId: string): Promise<FrameioCommentSyncState[]> {
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
}

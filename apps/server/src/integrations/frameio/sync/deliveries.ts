import type { FrameioDelivery } from '@preroll/contracts/frameio-sync';
import { enqueue } from '../../../jobs/job-queue.ts';
import { type Actor, requireRole } from '../../../lib/actor.ts';
import { notFound } from '../../../lib/errors.ts';
import type { FrameioAccess } from '../connection/connection-access.ts';
import type { FrameioDeps } from '../frameio-deps.ts';
import { frameioRepos } from '../repositories/frameio-repos.ts';
import type { WebhookDeliveryRow } from '../repositories/webhook-delivery.repository.ts';
import type { FrameioCommentInbound } from './comment-inbound.ts';
import type { FrameioStatusSync } from './status-sync.ts';

/** A confirm-upload round beyond the poller's maximum: one check, no re-enqueue. */
export const WEBHOOK_CONFIRM_ROUND = 1_000_000;

/**
 * Stored webhook deliveries: the `frameio.webhook` job processes one (webhooks carry ids only, so
 * processing fetches the resource and converges; order and repeats do not matter), and admins
 * list recent deliveries and replay one.
 */
export class FrameioDeliveries {
  constructor(
    private readonly deps: FrameioDeps,
    private readonly access: FrameioAccess,
    private readonly inbound: FrameioCommentInbound,
    private readonly status: FrameioStatusSync,
  ) {}

  async listDeliveries(actor: Actor, limit: number) {
    const admin = requireRole(actor, 'admin');
    const rows = await frameioRepos(this.deps.store).deliveries.listRecent(admin.orgId, limit);
    return rows.map(presentDelivery);
  }

  /** Admin: process a delivery again (a new job; processing is idempotent). */
  async replay(actor: Actor, deliveryId: string) {
    const admin = requireRole(actor, 'admin');
    const row = await this.deps.store.transaction(async (tx) => {
      const repos = frameioRepos(tx);
      const found = await repos.deliveries.findById(admin.orgId, deliveryId);
      if (!found) throw notFound('Delivery');
      const now = this.deps.clock.now();
      await repos.deliveries.setResult(admin.orgId, found.id, 'queued', null, now.toISOString());
      await enqueue(
        tx,
        {
          type: 'frameio.webhook',
          payload: { deliveryId: found.id },
          orgId: admin.orgId,
          idempotencyKey: `frameio.webhook:${found.id}:replay:${now.toISOString()}`,
        },
        this.deps.clock,
      );
      return { ...found, status: 'queued' as const, error: null };
    });
    return presentDelivery(row);
  }

  /** `frameio.webhook`: process one stored delivery; the outcome is recorded on it. */
  async processDelivery(orgId: string, deliveryId: string): Promise<void> {
    const repos = frameioRepos(this.deps.store);
    const delivery = await repos.deliveries.findById(orgId, deliveryId);
    if (!delivery) return;
    const nowIso = () => this.deps.clock.now().toISOString();
    // Before anything is read from Frame.io: an identical delivery arriving from now on is new work.
    await repos.deliveries.releaseKey(orgId, delivery);
    try {
      const outcome = await this.handleEvent(
        orgId,
        delivery.event_type,
        delivery.resource_id,
        delivery.received_at,
        actingUserOf(delivery.payload_json),
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
    userId: string | null = null,
  ): Promise<'processed' | 'ignored'> {
    if (!resourceId) return 'ignored';
    if (type.startsWith('comment.')) return this.onCommentEvent(orgId, resourceId, receivedAt, type);
    if (type === 'metadata.value.updated') return this.onMetadataEvent(orgId, resourceId, userId);
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
    // Saves two calls of the 100/min comment budget per echo (docs/frameio-api-notes.md, "Rate limits").
    if (type === 'comment.created' && known?.local_type === 'comment') return 'processed';
    return this.access.withConnection(orgId, async (client, conn) => {
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
      const listed = this.inbound.lastListed.get(`${orgId}:${fileId}`);
      if (receivedAt && listed !== undefined && listed > Date.parse(receivedAt)) return 'processed';
      await this.inbound.reconcileFile(orgId, fileLink.local_id, fileId, client, conn);
      return 'processed';
    });
  }

  /**
   * Upload finished / transcoded on a version's file: run Send to Frame.io's confirm step now (upload state,
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
  private async onMetadataEvent(
    orgId: string,
    fileId: string,
    userId: string | null,
  ): Promise<'processed' | 'ignored'> {
    const fileLink = await frameioRepos(this.deps.store).links.findByRemote(orgId, fileId);
    if (fileLink?.local_type !== 'version') return 'ignored';
    return this.access.withConnection(orgId, (client, conn) =>
      this.status.onMetadataUpdated(orgId, fileLink.local_id, fileId, client, conn, userId),
    );
  }
}

/** The acting user's id of a stored delivery (`user.id`, docs/frameio-api-notes.md), if it has one. */
function actingUserOf(payloadJson: string): string | null {
  try {
    const id = (JSON.parse(payloadJson) as { user?: { id?: unknown } }).user?.id;
    return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : null;
  } catch {
    return null;
  }
}

export function presentDelivery(row: WebhookDeliveryRow): FrameioDelivery {
  return {
    id: row.id,
    received_at: row.received_at,
    event: row.event_type,
    resource: row.resource_id ? { type: row.resource_type, id: row.resource_id } : null,
    signature: row.signature_ok ? ('valid' as const) : ('invalid' as const),
    processing: row.status,
    error: row.error,
    attempts: row.attempts,
    processed_at: row.processed_at,
  };
}

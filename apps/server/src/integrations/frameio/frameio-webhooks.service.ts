import type { WebhookEvent } from '@preroll/frameio';
import { enqueue } from '../../jobs/job-queue.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { sha256Hex } from '../../lib/hash.ts';
import { newId } from '../../lib/ids.ts';
import type { Store } from '../../repositories/store.ts';
import type { WebhookDeliveryRow } from '../../repositories/webhook-delivery.repository.ts';
import { type Actor, requireRole } from '../../services/actor.ts';
import type { ServiceDeps } from '../../services/service-deps.ts';
import type { FrameioService } from './frameio-connection.service.ts';
import { frameioRepos } from './frameio-repos.ts';
import { signatureMatches, timestampFresh } from './webhook-signature.ts';

declare module '../../jobs/job-queue.ts' {
  interface JobPayloads {
    /** Process one stored webhook delivery (fetch the resource, upsert locally). */
    'frameio.webhook': { deliveryId: string };
  }
}

/** Exactly this path, outside /api/v1 (DESIGN.md): it is registered at Frame.io. */
export const FRAMEIO_WEBHOOK_PATH = '/api/integrations/frameio/webhooks';

/** What preroll listens to (REFERENCE §6.2). */
export const WEBHOOK_EVENTS: WebhookEvent[] = [
  'comment.created',
  'comment.updated',
  'comment.deleted',
  'comment.completed',
  'comment.uncompleted',
  'file.upload.completed',
  'file.ready',
  'file.versioned',
  'metadata.value.updated',
];

export interface WebhookRequest {
  rawBody: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
}

interface Payload {
  type: string;
  account: { id: string };
  workspace: { id: string };
  resource?: { id?: string; type?: string };
}

const rejected = (status: number, code: string, message: string) => new AppError(status, code, message);

/**
 * Issue 7: the workspace webhook (register, re-create, remove) and the receiver. The receiver
 * verifies, stores the delivery and enqueues its processing in one transaction, and answers;
 * it never calls Frame.io, so it stays far inside Frame.io's 5 s limit (§6.5).
 */
export class FrameioWebhookService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly frameio: FrameioService,
  ) {}

  get url(): string {
    return `${this.deps.config.publicUrl}${FRAMEIO_WEBHOOK_PATH}`;
  }

  /** Settings → "Re-create webhook" (admin). */
  async recreate(actor: Actor) {
    const admin = requireRole(actor, 'admin');
    await this.register(admin.orgId);
    return this.status(admin.orgId);
  }

  async status(
    orgId: string,
  ): Promise<{ status: 'active' | 'missing'; url: string | null; created_at: string | null }> {
    const row = await frameioRepos(this.deps.store).webhooks.findByOrg(orgId);
    return row
      ? { status: 'active', url: row.url, created_at: row.created_at }
      : { status: 'missing', url: null, created_at: null };
  }

  /**
   * Creates the workspace webhook (replacing ours if one exists: the old secret cannot be read
   * back, §6.1). The secret is sealed in the same statement that records the webhook.
   */
  async register(orgId: string): Promise<void> {
    await this.frameio.withConnection(orgId, async (client, conn) => {
      const accountId = conn.accountId!;
      const workspaceId = conn.workspaceId!;
      const existing = await frameioRepos(this.deps.store).webhooks.findByOrg(orgId);
      if (existing) {
        await client.webhooks.delete(existing.account_id, existing.remote_id).catch(() => undefined);
      }
      const created = await client.webhooks.create(accountId, workspaceId, {
        name: 'preroll',
        url: this.url,
        events: WEBHOOK_EVENTS,
      });
      const now = this.deps.clock.now().toISOString();
      await frameioRepos(this.deps.store).webhooks.upsert({
        id: existing?.id ?? newId(),
        org_id: orgId,
        account_id: accountId,
        workspace_id: workspaceId,
        remote_id: created.id,
        secret_enc: this.deps.secretBox.seal(created.secret),
        url: this.url,
        events_json: JSON.stringify(WEBHOOK_EVENTS),
        created_at: existing?.created_at ?? now,
        updated_at: now,
      });
    });
  }

  /**
   * The receiver. Order: headers, freshness, JSON, routing, signature: all cheap and none writes.
   * Rejections store nothing (an unauthenticated sender must not be able to fill the table).
   */
  async receive(req: WebhookRequest): Promise<{ delivery_id: string; duplicate: boolean }> {
    const { signature, timestamp, rawBody } = req;
    if (!signature || !timestamp)
      throw rejected(
        400,
        'missing_signature_headers',
        'X-Frameio-Signature and X-Frameio-Request-Timestamp are required',
      );
    if (!timestampFresh(timestamp, this.deps.clock.now().getTime()))
      throw rejected(401, 'stale_timestamp', 'X-Frameio-Request-Timestamp is not within 300 seconds of now');
    let payload: Payload;
    try {
      payload = JSON.parse(rawBody.toString('utf8')) as Payload;
    } catch {
      throw rejected(400, 'invalid_json', 'The body is not JSON');
    }
    const accountId = payload?.account?.id;
    const workspaceId = payload?.workspace?.id;
    if (
      typeof payload?.type !== 'string' ||
      typeof accountId !== 'string' ||
      typeof workspaceId !== 'string' ||
      // PostgreSQL text cannot hold NUL: such an id would fail the lookup with a 500.
      `${accountId}${workspaceId}`.includes('\0')
    )
      throw rejected(400, 'invalid_payload', 'The body lacks type, account.id or workspace.id');
    const candidates = await frameioRepos(this.deps.store).webhooks.findByTarget(accountId, workspaceId);
    // Several organizations may share one workspace: the signature tells whose webhook this is.
    // A workspace nobody listens to gets the same answer as a wrong signature, so an unsigned
    // request cannot learn which Frame.io accounts and workspaces are connected to preroll.
    const hook = candidates.find((c) =>
      signatureMatches(this.deps.secretBox.open(c.secret_enc), timestamp, rawBody, signature),
    );
    if (!hook) throw rejected(401, 'invalid_signature', 'The signature does not match');
    const now = this.deps.clock.now().toISOString();
    const row: WebhookDeliveryRow = {
      id: newId(),
      org_id: hook.org_id,
      received_at: now,
      event_type: payload.type.slice(0, 100),
      resource_type: typeof payload.resource?.type === 'string' ? payload.resource.type.slice(0, 50) : null,
      resource_id: typeof payload.resource?.id === 'string' ? payload.resource.id.slice(0, 100) : null,
      payload_json: rawBody.toString('utf8'),
      signature_ok: 1,
      // No event id exists (§6.3): the signed timestamp + raw body identify a delivery; a
      // byte-identical repeat (a duplicated send) is stored once. Retries re-signed with a new
      // timestamp are stored again and processed again, harmlessly (processing is idempotent).
      dedupe_key: sha256Hex(`${timestamp}:${rawBody.toString('utf8')}`),
      status: 'queued',
      error: null,
      attempts: 0,
      processed_at: null,
    };
    const created = await this.deps.store.transaction(async (tx) => {
      if (!(await frameioRepos(tx).deliveries.insertIfNew(row))) return false;
      await enqueue(
        tx,
        {
          type: 'frameio.webhook',
          payload: { deliveryId: row.id },
          orgId: hook.org_id,
          idempotencyKey: `frameio.webhook:${row.id}`,
        },
        this.deps.clock,
      );
      return true;
    });
    return { delivery_id: row.id, duplicate: !created };
  }

  // ---- health --------------------------------------------------------------------------------

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
}

export function presentDelivery(row: WebhookDeliveryRow) {
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

/** Disconnect hook (frameio-registrations.ts): delete the remote webhook (404 = gone), forget the secret. */
export async function unregisterWebhook(ctx: {
  orgId: string;
  client: import('@preroll/frameio').FrameioClient;
  store: Store;
}): Promise<string[]> {
  const repo = frameioRepos(ctx.store).webhooks;
  const row = await repo.findByOrg(ctx.orgId);
  if (!row) return [];
  const warnings: string[] = [];
  try {
    await ctx.client.webhooks.delete(row.account_id, row.remote_id);
  } catch (err) {
    if ((err as { status?: number }).status !== 404)
      warnings.push(`Could not delete the Frame.io webhook: ${(err as Error).message}`);
  }
  await repo.delete(ctx.orgId);
  return warnings;
}

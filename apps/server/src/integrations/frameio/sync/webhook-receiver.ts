import { FrameioWebhookError, isSignedWith, readWebhookRequest, type WebhookRequest } from '@preroll/frameio';
import { enqueue } from '../../../jobs/job-queue.ts';
import { AppError } from '../../../lib/errors.ts';
import { sha256Hex } from '../../../lib/hash.ts';
import { newId } from '../../../lib/ids.ts';
import type { FrameioDeps } from '../frameio-deps.ts';
import { frameioRepos } from '../repositories/frameio-repos.ts';
import type { WebhookDeliveryRow } from '../repositories/webhook-delivery.repository.ts';

/**
 * The receiver at FRAMEIO_WEBHOOK_PATH. It verifies (packages/frameio: headers, freshness, JSON,
 * then the HMAC of the raw body in constant time), stores the delivery and enqueues its processing
 * in one transaction, and answers; it never calls Frame.io, so it stays far inside Frame.io's 5 s
 * limit (docs/frameio-api-notes.md, "Webhooks: retries"). Rejections store nothing: an
 * unauthenticated sender must not be able to fill the table.
 */
export class FrameioWebhookReceiver {
  constructor(private readonly deps: FrameioDeps) {}

  async receive(req: WebhookRequest): Promise<{ delivery_id: string; duplicate: boolean }> {
    let webhook: ReturnType<typeof readWebhookRequest>;
    try {
      webhook = readWebhookRequest(req, { nowMs: this.deps.clock.now().getTime() });
    } catch (err) {
      if (err instanceof FrameioWebhookError) throw new AppError(err.status, err.code, err.message);
      throw err;
    }
    const { payload } = webhook;
    // PostgreSQL text cannot hold NUL: such an id would fail the lookup with a 500.
    if (`${payload.account.id}${payload.workspace.id}`.includes('\0'))
      throw new AppError(400, 'invalid_payload', 'The body lacks type, account.id or workspace.id');
    const candidates = await frameioRepos(this.deps.store).webhooks.findByTarget(
      payload.account.id,
      payload.workspace.id,
    );
    // Several organizations may share one workspace: the signature tells whose webhook this is.
    // A workspace nobody listens to gets the same answer as a wrong signature, so an unsigned
    // request cannot learn which Frame.io accounts and workspaces are connected to preroll.
    const hook = candidates.find((c) => isSignedWith(webhook, this.deps.secretBox.open(c.secret_enc)));
    if (!hook) throw new AppError(401, 'invalid_signature', 'The signature does not match');
    const now = this.deps.clock.now().toISOString();
    const row: WebhookDeliveryRow = {
      id: newId(),
      org_id: hook.org_id,
      received_at: now,
      event_type: payload.type.slice(0, 100),
      resource_type: typeof payload.resource?.type === 'string' ? payload.resource.type.slice(0, 50) : null,
      resource_id: typeof payload.resource?.id === 'string' ? payload.resource.id.slice(0, 100) : null,
      payload_json: webhook.rawBody.toString('utf8'),
      signature_ok: 1,
      // No event id exists (docs/frameio-api-notes.md, "Webhooks: payload"), and the body carries
      // ids only: two different changes by one user on one file in one second arrive byte for byte
      // alike. So the signed timestamp + raw body only coalesce a repeat with a delivery still
      // waiting (its processing will read the current state anyway); once processing begins the key
      // is released (WebhookDeliveryRepository.releaseKey) and a repeat is processed again.
      dedupe_key: sha256Hex(`${webhook.timestamp}:${webhook.rawBody.toString('utf8')}`),
      status: 'queued',
      error: null,
      attempts: 0,
      processed_at: null,
    };
    // A key released between our insert and our read (processing began meanwhile): insert again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const stored = await this.deps.store.transaction(async (tx) => {
        const deliveries = frameioRepos(tx).deliveries;
        if (await deliveries.insertIfNew(row)) {
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
          return { delivery_id: row.id, duplicate: false };
        }
        const waiting = await deliveries.findByDedupeKey(hook.org_id, row.dedupe_key);
        return waiting ? { delivery_id: waiting.id, duplicate: true } : undefined;
      });
      if (stored) return stored;
    }
    throw new AppError(503, 'webhook_busy', 'The delivery could not be stored; send it again.');
  }
}

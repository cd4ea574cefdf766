import { enqueue } from '../../jobs/job-queue.ts';
import { newId } from '../../lib/ids.ts';
import type { Store } from '../../repositories/store.ts';
import type { ServiceDeps } from '../../services/service-deps.ts';
import type { OutgoingDeliveryRow } from './repositories/delivery.repository.ts';
import type { WebhookEndpointRow } from './repositories/endpoint.repository.ts';
import { webhookRepos } from './repositories/webhook-repos.ts';
import type { AttemptTrigger } from './repositories/webhook-tables.ts';
import { newMessageId } from './signing.ts';
import type { WebhookEvent } from './webhook-payloads.ts';

/** Whether an endpoint wants this event: subscribed, its client (if it filters), internal only on opt-in. */
export function wants(endpoint: WebhookEndpointRow, event: WebhookEvent): boolean {
  const events = JSON.parse(endpoint.events_json) as string[];
  if (!events.includes(event.type)) return false;
  if (endpoint.client_id && endpoint.client_id !== event.clientId) return false;
  return !event.internal || endpoint.include_internal === 1;
}

/**
 * The fan-out, inside the transaction of the change (called from the domain hooks): one delivery
 * row and its `webhooks.deliver` job per active endpoint that wants the event, so a change that
 * commits has its deliveries and a change that rolls back has none. No HTTP here.
 */
export class WebhookPublisher {
  constructor(private readonly deps: ServiceDeps) {}

  async publish(tx: Store, orgId: string, build: () => Promise<WebhookEvent | undefined>): Promise<void> {
    const endpoints = await webhookRepos(tx).endpoints.listActive(orgId);
    // Most organizations have no endpoint: then the event is not even built.
    if (endpoints.length === 0) return;
    const event = await build();
    if (!event) return;
    const targets = endpoints.filter((e) => wants(e, event));
    if (targets.length === 0) return;
    const messageId = newMessageId(newId());
    const payload = this.payloadOf(event);
    for (const endpoint of targets) await this.queue(tx, endpoint, messageId, event.type, payload, 'event');
  }

  /** The Standard Webhooks body: `{type, timestamp, data}`. */
  payloadOf(event: WebhookEvent): string {
    return JSON.stringify({
      type: event.type,
      timestamp: this.deps.clock.now().toISOString(),
      data: event.data,
    });
  }

  /** A pending delivery and the job that makes its first attempt. */
  async queue(
    tx: Store,
    endpoint: WebhookEndpointRow,
    messageId: string,
    type: string,
    payload: string,
    trigger: AttemptTrigger,
  ): Promise<OutgoingDeliveryRow> {
    const now = this.deps.clock.now().toISOString();
    const row: OutgoingDeliveryRow = {
      id: newId(),
      org_id: endpoint.org_id,
      endpoint_id: endpoint.id,
      message_id: messageId,
      event_type: type,
      payload_json: payload,
      status: 'pending',
      attempts: 0,
      first_attempt_at: null,
      next_attempt_at: now,
      last_attempt_at: null,
      last_status_code: null,
      last_error: null,
      created_at: now,
      updated_at: now,
    };
    await webhookRepos(tx).deliveries.insert(row);
    await enqueue(
      tx,
      {
        type: 'webhooks.deliver',
        payload: { deliveryId: row.id, trigger },
        orgId: endpoint.org_id,
        idempotencyKey: `webhooks.deliver:${row.id}:first`,
      },
      this.deps.clock,
    );
    return row;
  }
}

import type { OutgoingWebhookDeliveriesTable, WebhookExecutor } from './webhook-tables.ts';

export type OutgoingDeliveryRow = OutgoingWebhookDeliveriesTable;
export type DeliveryPatch = Partial<
  Omit<OutgoingDeliveryRow, 'id' | 'org_id' | 'endpoint_id' | 'message_id'>
>;

/** One row per event per endpoint: the message and its delivery state. */
export class OutgoingDeliveryRepository {
  constructor(private readonly db: WebhookExecutor) {}

  async insert(row: OutgoingDeliveryRow): Promise<void> {
    await this.db.insertInto('outgoing_webhook_deliveries').values(row).execute();
  }

  findById(orgId: string, id: string): Promise<OutgoingDeliveryRow | undefined> {
    return this.db
      .selectFrom('outgoing_webhook_deliveries')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** An endpoint's deliveries, newest first, `limit + 1` rows for the page (ids are UUIDv7). */
  listForEndpoint(
    orgId: string,
    endpointId: string,
    page: { limit: number; before: string | undefined },
  ): Promise<OutgoingDeliveryRow[]> {
    let q = this.db
      .selectFrom('outgoing_webhook_deliveries')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('endpoint_id', '=', endpointId);
    if (page.before) q = q.where('id', '<', page.before);
    return q
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
  }

  async update(orgId: string, id: string, patch: DeliveryPatch): Promise<void> {
    await this.db
      .updateTable('outgoing_webhook_deliveries')
      .set(patch)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .execute();
  }

  /** Deliveries of a disabled endpoint stop waiting: they fail with the endpoint's reason. */
  async failPendingForEndpoint(orgId: string, endpointId: string, error: string, nowIso: string) {
    await this.db
      .updateTable('outgoing_webhook_deliveries')
      .set({ status: 'failed', next_attempt_at: null, last_error: error, updated_at: nowIso })
      .where('org_id', '=', orgId)
      .where('endpoint_id', '=', endpointId)
      .where('status', '=', 'pending')
      .execute();
  }
}

import type { OutgoingWebhookAttemptsTable, WebhookExecutor } from './webhook-tables.ts';

export type OutgoingAttemptRow = OutgoingWebhookAttemptsTable;

/** The delivery log: one row per HTTP attempt. */
export class OutgoingAttemptRepository {
  constructor(private readonly db: WebhookExecutor) {}

  async insert(row: OutgoingAttemptRow): Promise<void> {
    await this.db.insertInto('outgoing_webhook_attempts').values(row).execute();
  }

  /** The attempts of these deliveries, oldest first. */
  listForDeliveries(orgId: string, deliveryIds: string[]): Promise<OutgoingAttemptRow[]> {
    if (deliveryIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('outgoing_webhook_attempts')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('delivery_id', 'in', deliveryIds)
      .orderBy('id')
      .execute();
  }
}

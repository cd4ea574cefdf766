import type { FrameioExecutor, WebhookDeliveriesTable, WebhookDeliveryStatus } from './frameio-tables.ts';

export type WebhookDeliveryRow = WebhookDeliveriesTable;

/** Verified Frame.io webhook deliveries (two-way comment sync). */
export class WebhookDeliveryRepository {
  constructor(private readonly db: FrameioExecutor) {}

  /** False when the same (org, dedupe key) is already stored: a byte-identical repeat. */
  async insertIfNew(row: WebhookDeliveryRow): Promise<boolean> {
    const result = await this.db
      .insertInto('webhook_deliveries')
      .values(row)
      .onConflict((oc) => oc.columns(['org_id', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  findById(orgId: string, id: string): Promise<WebhookDeliveryRow | undefined> {
    return this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Newest first (ids are UUIDv7, time-ordered). */
  listRecent(orgId: string, limit: number, before?: string): Promise<WebhookDeliveryRow[]> {
    let q = this.db.selectFrom('webhook_deliveries').selectAll().where('org_id', '=', orgId);
    if (before) q = q.where('id', '<', before);
    return q.orderBy('id', 'desc').limit(limit).execute();
  }

  async setResult(
    orgId: string,
    id: string,
    status: WebhookDeliveryStatus,
    error: string | null,
    nowIso: string,
  ): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        status,
        error,
        processed_at: status === 'queued' ? null : nowIso,
        attempts: eb('attempts', '+', status === 'queued' ? 0 : 1),
      }))
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .execute();
  }
}

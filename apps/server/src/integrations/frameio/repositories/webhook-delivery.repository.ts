import type { FrameioExecutor, WebhookDeliveriesTable, WebhookDeliveryStatus } from './frameio-tables.ts';

export type WebhookDeliveryRow = WebhookDeliveriesTable;

/** Verified Frame.io webhook deliveries (two-way comment sync). */
export class WebhookDeliveryRepository {
  constructor(private readonly db: FrameioExecutor) {}

  /**
   * False when a delivery holding the same (org, dedupe key) exists: a byte-identical repeat of a
   * delivery still waiting to be processed (a processed one has released its key, see releaseKey).
   */
  async insertIfNew(row: WebhookDeliveryRow): Promise<boolean> {
    const result = await this.db
      .insertInto('webhook_deliveries')
      .values(row)
      .onConflict((oc) => oc.columns(['org_id', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** The waiting delivery that holds this dedupe key, if any. */
  findByDedupeKey(orgId: string, dedupeKey: string): Promise<WebhookDeliveryRow | undefined> {
    return this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('dedupe_key', '=', dedupeKey)
      .executeTakeFirst();
  }

  /**
   * Processing is about to read Frame.io: from now on an identical delivery may announce a change
   * this processing will not see, so the key is released (suffixed with the delivery's id, which
   * keeps it unique) and such a delivery is stored and processed on its own. Once per delivery.
   */
  async releaseKey(orgId: string, row: Pick<WebhookDeliveryRow, 'id' | 'dedupe_key'>): Promise<void> {
    const released = `${row.dedupe_key.split(':')[0]}:${row.id}`;
    if (row.dedupe_key === released) return;
    await this.db
      .updateTable('webhook_deliveries')
      .set({ dedupe_key: released })
      .where('org_id', '=', orgId)
      .where('id', '=', row.id)
      .execute();
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

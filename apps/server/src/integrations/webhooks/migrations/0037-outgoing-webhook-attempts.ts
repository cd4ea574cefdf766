import type { Kysely } from 'kysely';

/**
 * The delivery log: one row per HTTP attempt (its response code, how long it took, the start of
 * the response body, or why no response came), so an admin sees what their endpoint answered.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outgoing_webhook_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('delivery_id', 'text', (c) =>
      c.notNull().references('outgoing_webhook_deliveries.id').onDelete('cascade'),
    )
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('response_excerpt', 'text')
    .addColumn('error', 'text')
    .addColumn('trigger', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('outgoing_webhook_attempts_delivery_idx')
    .on('outgoing_webhook_attempts')
    .columns(['delivery_id', 'id'])
    .execute();
}

import type { Kysely } from 'kysely';

/**
 * Every verified Frame.io webhook delivery, stored with its processing job in one
 * transaction. Webhooks carry no event id (docs/frameio-api-notes.md, "Webhooks: payload"): `dedupe_key` is a hash of the
 * signed timestamp header and the raw body, unique per organization, so a delivery repeated
 * byte for byte is stored once. Processing is idempotent anyway.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text')
    .addColumn('resource_id', 'text')
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('signature_ok', 'integer', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed_at', 'text')
    .addUniqueConstraint('webhook_deliveries_dedupe_unique', ['org_id', 'dedupe_key'])
    .execute();
}

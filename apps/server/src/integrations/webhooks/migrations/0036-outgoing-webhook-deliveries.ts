import type { Kysely } from 'kysely';

/**
 * One row per event per endpoint: the message (its Standard Webhooks id, type and payload, fixed
 * when the event happened, so a retry or a replay sends the same bytes) and its delivery state.
 * `first_attempt_at` starts the day of retries; `next_attempt_at` is when the queued job runs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outgoing_webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('endpoint_id', 'text', (c) =>
      c.notNull().references('webhook_endpoints.id').onDelete('cascade'),
    )
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('first_attempt_at', 'text')
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The delivery log lists an endpoint's deliveries newest first.
  await db.schema
    .createIndex('outgoing_webhook_deliveries_endpoint_idx')
    .on('outgoing_webhook_deliveries')
    .columns(['endpoint_id', 'id'])
    .execute();
}

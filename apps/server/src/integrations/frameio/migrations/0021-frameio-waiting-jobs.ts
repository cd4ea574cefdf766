import type { Kysely } from 'kysely';

/**
 * Frame.io jobs parked while their organization's connection needs a reconnect (or has none):
 * re-enqueued when the connection is active again, so nothing is dropped. `job_id` is unique so a
 * job that runs twice (at-least-once delivery) is parked once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('frameio_waiting_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('job_id', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('frameio_waiting_jobs_org_idx')
    .on('frameio_waiting_jobs')
    .column('org_id')
    .execute();
}

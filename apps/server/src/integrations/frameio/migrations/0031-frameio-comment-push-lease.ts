import type { Kysely } from 'kysely';

/**
 * One push of a comment at a time across every worker process: a lease on its sync row. Without
 * it, two processes pushing one new comment could each create it in Frame.io (the in-process
 * queue only orders pushes inside one process).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable('frameio_comment_sync').addColumn('push_lease_owner', 'text').execute();
  await db.schema.alterTable('frameio_comment_sync').addColumn('push_lease_until', 'text').execute();
}

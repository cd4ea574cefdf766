import type { Kysely } from 'kysely';

/**
 * The member who pressed Send to Frame.io (or Retry) last: when the Send gives up, they are told
 * with the deliverable's watchers (docs/notifications.md, "Who receives what"). Null for uploads
 * sent before this column existed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('frameio_uploads').addColumn('sent_by', 'text').execute();
}

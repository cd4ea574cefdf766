import type { Kysely } from 'kysely';

/**
 * What Frame.io last held of a linked comment besides its text (two-way comment sync): done or
 * open, framestamp and duration, as JSON. A push sends only what differs from it, in one update
 * call, so a comment completed and reopened before its push runs costs nothing, and what came
 * from Frame.io is never sent back. Null for comments linked before: the next push sends its
 * completion if it is done, and otherwise nothing new.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('frameio_comment_sync').addColumn('remote_state', 'text').execute();
}

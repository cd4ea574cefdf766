import type { Kysely } from 'kysely';

/**
 * The text a push sent in a comment create whose remote id is not linked yet. A worker can die
 * between Frame.io's create and our link write, and the local comment can be edited before the
 * retry: matching the orphan by the text actually sent (not the current text) finds it, so neither
 * the retry nor the echo webhook creates a duplicate.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('frameio_comment_sync').addColumn('create_text', 'text').execute();
}

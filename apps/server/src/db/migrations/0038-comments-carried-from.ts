import type { Kysely } from 'kysely';

/**
 * A note carried to the next version remembers the note it came from (carry-forward): the copy
 * links back to the original, whose thread stays where it was. Plain text without a foreign key,
 * like `parent_id`'s replies: the original's version may be deleted before the copy's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('comments').addColumn('carried_from', 'text').execute();
}

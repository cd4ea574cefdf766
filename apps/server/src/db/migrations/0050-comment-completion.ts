import type { Kysely } from 'kysely';

/**
 * Complete / reopen a top-level comment: when it was marked done and by whom. Who is kept as a
 * kind and an id (a team member, a client's portal user, or a Frame.io reviewer with no local id)
 * plus the name as it was then, so a later rename or removal does not rewrite the history.
 * All null while the comment is open.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['completed_at', 'completed_by_type', 'completed_by_id', 'completed_by_name']) {
    await db.schema.alterTable('comments').addColumn(column, 'text').execute();
  }
}

import type { Kysely } from 'kysely';

/**
 * A drawing on a comment's frame: vector shapes in normalised coordinates, as validated JSON text
 * (packages/contracts `drawings.ts`). Null when the comment has none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('comments').addColumn('drawing_json', 'text').execute();
}

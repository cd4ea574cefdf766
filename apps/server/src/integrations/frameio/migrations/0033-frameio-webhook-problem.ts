import type { Kysely } from 'kysely';

/**
 * Why preroll's Frame.io webhook could not be created (a stable code, e.g. the connected user is
 * not an account admin), shown on the Settings card until a registration succeeds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('frameio_connections').addColumn('webhook_problem', 'text').execute();
}

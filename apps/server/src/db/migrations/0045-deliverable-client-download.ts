import type { Kysely } from 'kysely';

/**
 * Whether the client may download a deliverable's original files from the portal
 * (docs/client-portal.md, "Downloads"); off until the team turns it on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('deliverables')
    .addColumn('client_may_download', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

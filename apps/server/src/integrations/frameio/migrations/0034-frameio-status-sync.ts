import type { Kysely } from 'kysely';

/**
 * The Status option a deliverable and its newest Frame.io file last agreed on (approval status
 * sync). Convergence compares both sides with it to tell which one changed: a Frame.io Status that
 * moved since is a reviewer's step to apply, one that did not is a preroll change still to send.
 * `option_name` null: agreed on "no Status" (a file as it arrives).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('frameio_status_sync')
    .addColumn('deliverable_id', 'text', (c) =>
      c.primaryKey().references('deliverables.id').onDelete('cascade'),
    )
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addColumn('option_name', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

import type { Kysely } from 'kysely';

/**
 * One row per marker imported as a comment (NLE marker import): the marker's stable key, unique
 * per version, so importing the same file again creates nothing twice, even when two imports of
 * it race (the second finds the key taken). The row outlives a deleted comment on purpose: a note
 * the team deleted does not come back with the next import of the same file.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('comment_import_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('version_id', 'text', (c) =>
      c.notNull().references('deliverable_versions.id').onDelete('cascade'),
    )
    .addColumn('import_key', 'text', (c) => c.notNull())
    .addColumn('comment_id', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('comment_import_keys_unique', ['org_id', 'version_id', 'import_key'])
    .execute();
}

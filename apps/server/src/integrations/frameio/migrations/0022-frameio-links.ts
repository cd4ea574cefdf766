import type { Kysely } from 'kysely';

/**
 * The local ⇄ Frame.io id map (docs/frameio.md, "Mirroring"): show → project, episode →
 * folder, version → file, deliverable → version stack, version → share. One row per local object
 * and remote kind, so repeating a mirroring step finds the row instead of creating a duplicate.
 * `remote_name` is what we last set remotely (a rename compares against it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('frameio_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('local_type', 'text', (c) => c.notNull())
    .addColumn('local_id', 'text', (c) => c.notNull())
    .addColumn('remote_type', 'text', (c) => c.notNull())
    .addColumn('remote_id', 'text', (c) => c.notNull())
    .addColumn('remote_parent_id', 'text')
    .addColumn('remote_name', 'text')
    .addColumn('remote_updated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('frameio_links_local_unique', ['org_id', 'local_type', 'local_id', 'remote_type'])
    .execute();
  await db.schema
    .createIndex('frameio_links_remote_idx')
    .on('frameio_links')
    .columns(['org_id', 'remote_id'])
    .execute();
}

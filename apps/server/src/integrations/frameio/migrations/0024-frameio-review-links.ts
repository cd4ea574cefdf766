import type { Kysely } from 'kysely';

/**
 * Frame.io shares (review links) created for a deliverable version. `client_id` is
 * copied from the show so the portal can filter by it without a join chain; `passphrase_set`
 * records only whether one exists (the passphrase itself is not stored).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('frameio_review_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('version_id', 'text', (c) =>
      c.notNull().unique().references('deliverable_versions.id').onDelete('cascade'),
    )
    .addColumn('deliverable_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('share_id', 'text', (c) => c.notNull())
    .addColumn('short_url', 'text', (c) => c.notNull())
    .addColumn('passphrase_set', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'text')
    .addColumn('downloads_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('frameio_review_links_deliverable_idx')
    .on('frameio_review_links')
    .columns(['org_id', 'deliverable_id'])
    .execute();
}

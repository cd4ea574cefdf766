import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('version_id', 'text', (c) =>
      c.notNull().references('deliverable_versions.id').onDelete('cascade'),
    )
    .addColumn('deliverable_id', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('comments.id'))
    .addColumn('author_type', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'text')
    .addColumn('author_portal_user_id', 'text')
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('frame', 'integer')
    .addColumn('duration_frames', 'integer')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('deleted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('comments_version_frame_idx')
    .on('comments')
    .columns(['org_id', 'version_id', 'frame', 'id'])
    .execute();
}

import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('deliverable_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('deliverable_id', 'text', (c) => c.notNull().references('deliverables.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('original_filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text')
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text')
    .addColumn('media_kind', 'text', (c) => c.notNull())
    .addColumn('frame_rate_num', 'integer')
    .addColumn('frame_rate_den', 'integer')
    .addColumn('duration_frames', 'integer')
    .addColumn('duration_ms', 'bigint')
    .addColumn('start_frame', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('drop_frame', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('probe_error', 'text')
    .addColumn('uploaded_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('deliverable_versions_number_unique', ['deliverable_id', 'number'])
    .execute();
}

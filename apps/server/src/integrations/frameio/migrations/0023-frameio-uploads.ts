import type { Kysely } from 'kysely';

/**
 * One Frame.io local upload per deliverable version. `parts_json` is the part plan
 * Frame.io returned (sizes + presigned URLs), `parts_done_json` the part numbers already accepted
 * by the upload endpoint, written after each part so a restarted worker resumes without
 * re-sending them. `urls_expire_at` comes from the presigned URLs' X-Amz-Date + X-Amz-Expires.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('frameio_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('version_id', 'text', (c) =>
      c.notNull().unique().references('deliverable_versions.id').onDelete('cascade'),
    )
    .addColumn('deliverable_id', 'text', (c) => c.notNull())
    .addColumn('remote_file_id', 'text')
    .addColumn('media_type', 'text')
    .addColumn('view_url', 'text')
    .addColumn('file_size', 'bigint', (c) => c.notNull())
    .addColumn('parts_json', 'text')
    .addColumn('parts_done_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('urls_expire_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('bytes_done', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('retry_at', 'text')
    .addColumn('started_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

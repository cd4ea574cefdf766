import type { Kysely } from 'kysely';

/**
 * Per-comment Frame.io sync state (two-way comment sync): `pending` while a push to Frame.io is queued (the
 * inbound side then leaves the local text alone), `synced`, or `failed` with the reason.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('frameio_comment_sync')
    .addColumn('comment_id', 'text', (c) => c.primaryKey().references('comments.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

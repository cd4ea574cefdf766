import type { Kysely } from 'kysely';

/**
 * A page of a long review (docs/api.md, "Paging the list") reads threads in timeline order
 * (frame, created_at, id) straight off an index and stops at the page's end, and fetches those
 * threads' replies by parent instead of scanning every comment of the version.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('comments_version_timeline_idx')
    .on('comments')
    .columns(['org_id', 'version_id', 'frame', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('comments_parent_idx')
    .on('comments')
    .columns(['org_id', 'parent_id'])
    .execute();
}

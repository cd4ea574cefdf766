import { type Kysely, sql } from 'kysely';

/**
 * A Frame.io comment links to at most one local comment: two deliveries of the same
 * `comment.created` processed at once cannot both create a local comment; the loser's
 * transaction fails and its retry finds the link. Partial: other remote kinds keep their rules.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create unique index frameio_links_comment_remote_unique on frameio_links (org_id, remote_id) where remote_type = 'comment'`.execute(
    db,
  );
}

import type { Kysely } from 'kysely';

/**
 * Names of Frame.io users by id, per organization. Webhooks carry only the acting user's id
 * (docs/frameio-api-notes.md, "Webhooks: payload"), so a reviewer's Status change is credited by
 * name through a lookup (`GET /v4/me` or the account's user list); this caches what it found, and
 * `name` null records "not in the account's list" so an outsider's events do not list it each time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('frameio_user_names')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('frameio_user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('frameio_user_names_pk', ['org_id', 'frameio_user_id'])
    .execute();
}

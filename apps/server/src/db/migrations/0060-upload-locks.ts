import type { Kysely } from 'kysely';

/**
 * The tus per-upload lock, shared by every web process through the database (docs/deploy.md,
 * "Several processes"): at most one request writes an upload at a time, whichever process it
 * reached. A row is a lease: `expires_at` moves forward while the holder works, so a crashed
 * process's lock lapses on its own; `release_requested` is how a waiting request asks the holder
 * to let go (tus's "request release").
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('upload_locks')
    .addColumn('upload_id', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('release_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

import type { Kysely } from 'kysely';

/**
 * The Frame.io webhook preroll registered for an organization's workspace: one per
 * organization. The secret is shown once by Frame.io (docs/frameio-api-notes.md, "Webhooks: management") and kept sealed (SecretBox);
 * the receiver finds the row by (account_id, workspace_id) from the payload.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('frameio_webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) =>
      c.notNull().unique().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('remote_id', 'text', (c) => c.notNull())
    .addColumn('secret_enc', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('frameio_webhooks_target_idx')
    .on('frameio_webhooks')
    .columns(['account_id', 'workspace_id'])
    .execute();
}

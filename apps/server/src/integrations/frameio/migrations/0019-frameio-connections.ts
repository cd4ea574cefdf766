import type { Kysely } from 'kysely';

/**
 * One Frame.io connection per organization. Tokens are SecretBox ciphertexts, never
 * plain text. `token_version` + the refresh lease columns let several server processes agree on
 * a single IMS refresh (see integrations/frameio/frameio-token-refresher.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('frameio_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) =>
      c.notNull().unique().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('access_token_enc', 'text', (c) => c.notNull())
    .addColumn('refresh_token_enc', 'text')
    .addColumn('access_expires_at', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('frameio_user_id', 'text', (c) => c.notNull())
    .addColumn('frameio_user_name', 'text', (c) => c.notNull())
    .addColumn('frameio_user_email', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('account_name', 'text')
    .addColumn('workspace_id', 'text')
    .addColumn('workspace_name', 'text')
    .addColumn('connected_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('connected_at', 'text', (c) => c.notNull())
    .addColumn('last_refreshed_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('refresh_lease_owner', 'text')
    .addColumn('refresh_lease_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

import type { Kysely } from 'kysely';

/**
 * Pending OAuth authorizations: `state` and the browser-binding nonce are stored only as SHA-256
 * hashes, the PKCE verifier as a SecretBox ciphertext; `used_at` makes each state single use.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('frameio_oauth_states')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('state_hash', 'text', (c) => c.notNull().unique())
    .addColumn('nonce_hash', 'text', (c) => c.notNull())
    .addColumn('code_verifier_enc', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('frameio_oauth_states_org_idx')
    .on('frameio_oauth_states')
    .column('org_id')
    .execute();
}

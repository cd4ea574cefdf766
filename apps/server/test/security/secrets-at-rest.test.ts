import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSecretKey, SecretBox } from '../../src/repositories/secret-box.ts';
import { signUp } from '../helpers/test-app.ts';
import {
  connectActive,
  connectionRow,
  type FrameioTestEnv,
  startFrameioTestEnv,
} from '../integration/frameio-fixtures.ts';

/**
 * Attack: read the database (a stolen backup, a read-only SQL injection, a shared staging copy)
 * and use the Frame.io access and refresh tokens, or the webhook secret, found in it.
 * Promise: they are stored sealed with AES-256-GCM (`v1.` prefix) under a key that lives outside
 * the database (PREROLL_SECRET_KEY or a file in the data dir); neither the rows nor the database
 * bytes contain them in plain text. (Session, API key and magic-link tokens are stored only as
 * SHA-256: auth, magic-links and session-fixation specs.)
 */
let t: FrameioTestEnv;
beforeAll(async () => {
  t = await startFrameioTestEnv();
});
afterAll(async () => {
  await t?.close();
});

async function stateRows(orgId: string) {
  return t.app.preroll.db
    .selectFrom('frameio_oauth_states')
    .selectAll()
    .where('org_id', '=', orgId)
    .execute();
}

/** Everything the database holds, as bytes: the SQLite files, or a text dump of every table on PostgreSQL. */
async function databaseBytes(): Promise<Buffer> {
  if (t.app.preroll.database.dialect === 'sqlite') {
    const files = ['preroll.db', 'preroll.db-wal', 'preroll.db-shm'].map((f) => path.join(t.app.dataDir, f));
    return Buffer.concat(files.filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
  }
  const db = t.app.preroll.db;
  const parts: string[] = [];
  for (const table of await db.introspection.getTables()) {
    const dump = await sql<{
      t: string | null;
    }>`SELECT string_agg(x::text, '|') AS t FROM ${sql.table(table.name)} x`.execute(db);
    parts.push(dump.rows[0]?.t ?? '');
  }
  return Buffer.from(parts.join('\n'));
}

describe('secrets at rest', () => {
  it('stores the Frame.io access and refresh tokens encrypted: neither the raw database bytes nor the rows contain them', async () => {
    const owner = await signUp(t.app);
    const issuedBefore = t.rec.issued.length;
    await connectActive(t, owner.client);
    const tokens = t.rec.issued.slice(issuedBefore);
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    const row = await connectionRow(t, owner.orgId);
    expect(row!.access_token_enc).toMatch(/^v1\./);
    expect(row!.refresh_token_enc).toMatch(/^v1\./);
    const rowText = JSON.stringify(row);
    const states = JSON.stringify(await stateRows(owner.orgId));
    for (const token of tokens) {
      expect(rowText).not.toContain(token);
      expect(states).not.toContain(token);
    }
    if (t.app.preroll.database.dialect === 'sqlite') {
      // The database file plus its WAL and shared-memory files, read as bytes.
      const files = ['preroll.db', 'preroll.db-wal', 'preroll.db-shm'].map((f) =>
        path.join(t.app.dataDir, f),
      );
      const bytes = Buffer.concat(files.filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
      expect(bytes.includes(Buffer.from(row!.access_token_enc.slice(0, 40)))).toBe(true); // sanity: we read the right file
      for (const token of tokens) expect(bytes.includes(Buffer.from(token))).toBe(false);
    } else {
      const { sql } = await import('kysely');
      const dump = await sql<{
        t: string;
      }>`SELECT string_agg(c::text, '|') AS t FROM frameio_connections c`.execute(t.app.preroll.db);
      const text = dump.rows[0]!.t;
      expect(text).toContain(row!.access_token_enc);
      for (const token of tokens) expect(text).not.toContain(token);
    }
  });

  it('stores the Frame.io webhook secret sealed: the row holds v1.… and no row or database byte holds the secret', async () => {
    const owner = await signUp(t.app);
    await connectActive(t, owner.client);
    const row = await t.app.preroll.db
      .selectFrom('frameio_webhooks')
      .selectAll()
      .where('org_id', '=', owner.orgId)
      .executeTakeFirstOrThrow();
    expect(row.secret_enc).toMatch(/^v1\./);
    // The secret Frame.io issued, recovered with the key that lives outside the database.
    const box = new SecretBox(
      loadSecretKey({ secretKeyHex: t.app.config.secretKeyHex, dataDir: t.app.dataDir }),
    );
    const secret = box.open(row.secret_enc);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(JSON.stringify(row)).not.toContain(secret);
    const bytes = await databaseBytes();
    expect(bytes.includes(Buffer.from(row.secret_enc.slice(0, 40)))).toBe(true); // sanity: we read the right place
    expect(bytes.includes(Buffer.from(secret))).toBe(false);
  });
});

import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type Migration, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { ensurePrivateDir, ensurePrivateFile, tightenIfExists } from '../lib/private-files.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Set for PostgreSQL: the realtime bus opens its own LISTEN connection from it. */
  postgresUrl: string | undefined;
  close(): Promise<void>;
}

// PostgreSQL returns int8 (bigint, COUNT(*)) as strings to avoid precision loss. Our bigints are
// byte sizes and milliseconds, far below 2^53, so numbers are safe and match SQLite's behaviour.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export function openDatabase(opts: {
  databaseUrl: string | undefined;
  dataDir: string;
  onIdleError?: (err: Error) => void;
}): DatabaseHandle {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle client whose connection the server ends (PostgreSQL restart, admin termination)
    // emits 'error' on the pool; unhandled, that would crash the process. The pool drops the
    // client and opens a new one on the next query, so logging is all there is to do.
    pool.on('error', (err) => opts.onIdleError?.(err));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', postgresUrl: opts.databaseUrl, close: () => db.destroy() };
  }
  // SQLite creates its file 0644 and gives -wal/-shm the database file's mode: creating the file
  // 0600 first keeps all three private.
  ensurePrivateDir(opts.dataDir);
  const file = path.join(opts.dataDir, 'preroll.db');
  ensurePrivateFile(file);
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers proceed during a write; busy_timeout makes a second process (preroll worker)
  // wait for the write lock instead of failing; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  // Left by a version that created them world-readable.
  for (const suffix of ['-wal', '-shm']) tightenIfExists(`${file}${suffix}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', postgresUrl: undefined, close: () => db.destroy() };
}

/** Names of the chain's migrations not applied to this database yet (`/readyz`). */
export async function pendingMigrations(
  db: Kysely<Database>,
  extra: Record<string, Migration> = {},
): Promise<string[]> {
  const all = { ...migrations, ...extra };
  const migrator = new Migrator({ db, provider: { getMigrations: async () => all } });
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/**
 * Applies the core's migrations and the integrations' (`extra`, handed in by the composition
 * root): one chain, ordered by name.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  extra: Record<string, Migration> = {},
): Promise<string[]> {
  const all = { ...migrations, ...extra };
  if (Object.keys(all).length !== Object.keys(migrations).length + Object.keys(extra).length)
    throw new Error('two migrations share a name');
  const migrator = new Migrator({ db, provider: { getMigrations: async () => all } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

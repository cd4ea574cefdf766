/**
 * Shared pieces for the benchmarks: a PostgreSQL server to measure against (when one answers),
 * fresh databases dropped afterwards, percentiles and printing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** BENCH_DATABASE_URL, else DATABASE_URL, else the local server CI uses. */
export const postgresAdminUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  dialect: 'sqlite' | 'postgres';
  /** Undefined for SQLite (the server then uses dataDir/preroll.db). */
  databaseUrl: string | undefined;
  dataDir: string;
  drop(): Promise<void>;
}

export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A fresh, empty database of the dialect (a temp SQLite file, or a new PostgreSQL database). */
export async function freshDatabase(dialect: 'sqlite' | 'postgres', label: string): Promise<BenchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `preroll-bench-${label}-`));
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (dialect === 'sqlite')
    return { dialect, databaseUrl: undefined, dataDir, drop: async () => removeDir() };
  const name = `preroll_bench_${label}_${Date.now().toString(36)}`.replace(/[^a-z0-9_]/g, '_');
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    dialect,
    databaseUrl: url.toString(),
    dataDir,
    async drop() {
      const c = new pg.Client({ connectionString: postgresAdminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      removeDir();
    },
  };
}

/** Nearest-rank percentile of already measured values (ms). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export function machineLine(): string {
  const cpus = os.cpus();
  return `machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`;
}

export interface Sampled {
  name: string;
  n: number;
  p50: number;
  p99: number;
  mean: number;
}

/**
 * Times `read` sequentially after `warmup` untimed calls, until `maxReads` calls or `budgetMs`
 * have passed, whichever comes first; p50/p99/mean in ms.
 */
export async function sampleReads(
  name: string,
  read: (i: number) => Promise<unknown>,
  opts: { warmup: number; maxReads: number; budgetMs: number },
): Promise<Sampled> {
  for (let i = 0; i < opts.warmup; i++) await read(i);
  const samples: number[] = [];
  const deadline = performance.now() + opts.budgetMs;
  for (let i = 0; i < opts.maxReads && performance.now() < deadline; i++) {
    const t = performance.now();
    await read(i);
    samples.push(performance.now() - t);
  }
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { name, n: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99), mean };
}

import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { enqueue } from '../../src/jobs/job-queue.ts';
import { newId } from '../../src/lib/ids.ts';
import { app, store, uniqueType, until, useJobsApp, work } from './jobs-fixtures.ts';

/** Every job runs exactly once: two loops in one process, and (PostgreSQL) two processes. */
useJobsApp();

const usePostgres = Boolean(process.env.DATABASE_URL);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const workerScript = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/jobs-worker-process.ts',
);

describe('exactly once', () => {
  it('two worker loops in one process run 300 jobs, each exactly once', async () => {
    const type = uniqueType('once');
    const runs = new Map<string, number>();
    const byWorker = new Map<string, number>();
    const handler = async (_payload: unknown, ctx: { job: { id: string }; workerId: string }) => {
      runs.set(ctx.job.id, (runs.get(ctx.job.id) ?? 0) + 1);
      byWorker.set(ctx.workerId, (byWorker.get(ctx.workerId) ?? 0) + 1);
      // Long enough that one loop cannot drain the queue before the other's first claim, even on
      // a loaded machine (both loops taking part is what makes "exactly once" mean something).
      await new Promise((r) => setTimeout(r, 10));
    };
    const ids: string[] = [];
    await store.transaction(async (tx) => {
      for (let i = 0; i < 300; i++) ids.push((await enqueue(tx, { type, payload: { i } })).job.id);
    });
    work({ workerId: 'loop-a', concurrency: 3, handlers: { [type]: handler } });
    work({ workerId: 'loop-b', concurrency: 3, handlers: { [type]: handler } });
    await until(
      async () =>
        (
          await store.executor
            .selectFrom('jobs')
            .select('id')
            .where('type', '=', type)
            .where('status', '=', 'done')
            .execute()
        ).length === 300,
      30_000,
    );
    expect(runs.size).toBe(300);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(ids)).toEqual(new Set(runs.keys()));
    // Both loops take part on either database. Each claims at most its free slots (3), so neither
    // can drain the queue alone (jobs-claim.test.ts pins the claim's limit on PostgreSQL).
    expect((byWorker.get('loop-a') ?? 0) + (byWorker.get('loop-b') ?? 0)).toBe(300);
    expect(byWorker.get('loop-a')).toBeGreaterThan(0);
    expect(byWorker.get('loop-b')).toBeGreaterThan(0);
  });

  it.skipIf(!usePostgres)(
    'two worker processes against PostgreSQL run 1,000 jobs, each exactly once',
    async () => {
      const db = store.executor;
      await sql`create table job_runs_test (job_id text not null, worker_id text not null)`.execute(db);
      const children: ChildProcess[] = [];
      const exits: Promise<number | null>[] = [];
      try {
        for (const workerId of ['proc-a', 'proc-b']) {
          const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
            cwd: repoRoot,
            env: { ...process.env, DATABASE_URL: app.config.databaseUrl, WORKER_ID: workerId },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          children.push(child);
          let stderr = '';
          child.stderr?.on('data', (d) => {
            stderr += String(d);
          });
          exits.push(
            new Promise((resolve) =>
              child.on('exit', (code) => {
                if (code !== 0) console.error(`${workerId} exited ${code}: ${stderr}`);
                resolve(code);
              }),
            ),
          );
          await new Promise<void>((resolve, reject) => {
            child.stdout?.on('data', (d) => {
              if (String(d).includes('ready')) resolve();
            });
            child.on('exit', (code) =>
              reject(new Error(`${workerId} exited ${code} before ready: ${stderr}`)),
            );
          });
        }
        // Both processes are polling before any job exists, so both get a share.
        const now = new Date().toISOString();
        const rows = Array.from({ length: 1_000 }, (_, i) => ({
          id: newId(),
          org_id: null,
          type: 'test.record',
          payload_json: JSON.stringify({ i }),
          status: 'queued' as const,
          attempts: 0,
          max_attempts: 3,
          run_at: now,
          idempotency_key: null,
          locked_by: null,
          locked_at: null,
          last_error: null,
          created_at: now,
          updated_at: now,
          finished_at: null,
        }));
        await db.insertInto('jobs').values(rows).execute();
        await until(
          async () =>
            (
              await db
                .selectFrom('jobs')
                .select('id')
                .where('type', '=', 'test.record')
                .where('status', '=', 'done')
                .execute()
            ).length === 1_000,
          45_000,
        );
        for (const child of children) child.kill('SIGTERM');
        expect(await Promise.all(exits)).toEqual([0, 0]);
        const runs = await sql<{
          job_id: string;
          worker_id: string;
        }>`select job_id, worker_id from job_runs_test`.execute(db);
        expect(runs.rows).toHaveLength(1_000);
        expect(new Set(runs.rows.map((r) => r.job_id)).size).toBe(1_000);
        expect(new Set(runs.rows.map((r) => r.job_id))).toEqual(new Set(rows.map((r) => r.id)));
        const perWorker = new Map<string, number>();
        for (const r of runs.rows) perWorker.set(r.worker_id, (perWorker.get(r.worker_id) ?? 0) + 1);
        expect(perWorker.get('proc-a')).toBeGreaterThan(0);
        expect(perWorker.get('proc-b')).toBeGreaterThan(0);
        const statuses = await db
          .selectFrom('jobs')
          .select('status')
          .where('type', '=', 'test.record')
          .distinct()
          .execute();
        expect(statuses).toEqual([{ status: 'done' }]);
      } finally {
        for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
    60_000,
  );
});

import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../src/jobs/backoff.ts';
import type { JobHandlers } from '../../src/jobs/job-handlers.ts';
import { enqueue } from '../../src/jobs/job-queue.ts';
import { startWorker, type WorkerHandle, type WorkerOptions } from '../../src/jobs/worker.ts';
import type { Clock } from '../../src/lib/clock.ts';
import { newId } from '../../src/lib/ids.ts';
import type { JobRow } from '../../src/repositories/job.repository.ts';
import type { Store } from '../../src/repositories/store.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const usePostgres = Boolean(process.env.DATABASE_URL);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const workerScript = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/jobs-worker-process.ts',
);

let app: TestApp;
let store: Store;
const workers: WorkerHandle[] = [];

beforeAll(async () => {
  app = await startTestApp({ PREROLL_WORKER: 'off' });
  store = app.preroll.store;
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});
afterAll(async () => {
  await app?.close();
});

/** Each test uses its own job types, so jobs left by one test are never claimed by another's worker. */
let typeCounter = 0;
const uniqueType = (name: string) => `test.${name}.${++typeCounter}`;

function work(opts: Partial<WorkerOptions> & { handlers: JobHandlers }): WorkerHandle {
  const worker = startWorker({ store, pollIntervalMs: 20, onError: () => {}, ...opts });
  workers.push(worker);
  return worker;
}

async function job(id: string): Promise<JobRow> {
  const row = await store.jobs.findById(id);
  if (!row) throw new Error(`job ${id} not found`);
  return row;
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

class ManualClock implements Clock {
  constructor(private ms: number) {}
  now() {
    return new Date(this.ms);
  }
  advance(ms: number) {
    this.ms += ms;
  }
}

describe('running jobs', () => {
  it('runs a queued job once with its payload and context, and marks it done', async () => {
    const type = uniqueType('basic');
    const seen: unknown[] = [];
    const orgId = newId();
    const { job: queued, created } = await enqueue(store, {
      type,
      payload: { versionId: 'v1', n: 2 },
      orgId,
    });
    expect(created).toBe(true);
    expect(queued).toMatchObject({ status: 'queued', attempts: 0, max_attempts: 5, org_id: orgId });
    work({
      workerId: 'basic-worker',
      handlers: {
        [type]: async (payload, ctx) => {
          seen.push({ payload, job: ctx.job, workerId: ctx.workerId, aborted: ctx.signal.aborted });
        },
      },
    });
    await until(async () => (await job(queued.id)).status === 'done');
    expect(seen).toEqual([
      {
        payload: { versionId: 'v1', n: 2 },
        job: { id: queued.id, type, orgId, attempt: 1, maxAttempts: 5 },
        workerId: 'basic-worker',
        aborted: false,
      },
    ]);
    const done = await job(queued.id);
    expect(done).toMatchObject({ status: 'done', attempts: 1, locked_by: 'basic-worker', last_error: null });
    expect(done.finished_at).not.toBeNull();
  });

  it('wakes an idle worker when this process enqueues, without waiting for its poll', async () => {
    const type = uniqueType('wake');
    work({ pollIntervalMs: 60_000, handlers: { [type]: async () => {} } });
    await new Promise((r) => setTimeout(r, 50)); // the loop's first (empty) poll is over
    const started = Date.now();
    const { job: queued } = await enqueue(store, { type, payload: {} });
    await until(async () => (await job(queued.id)).status === 'done', 5_000);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('retries a failing job with capped, jittered exponential backoff, then succeeds', async () => {
    const type = uniqueType('retry');
    const clock = new ManualClock(Date.parse('2026-01-01T00:00:00.000Z'));
    let calls = 0;
    const { job: queued } = await enqueue(store, { type, payload: {}, maxAttempts: 5 }, clock);
    const errors: string[] = [];
    const worker = work({
      clock,
      backoff: { baseMs: 1_000, maxMs: 1_500 },
      random: () => 0.999_999, // the top of the jitter range, so delays are exactly predictable
      onError: (err) => errors.push(String(err)),
      handlers: {
        [type]: async () => {
          calls += 1;
          if (calls < 3) throw new Error(`flaky ${calls}`);
        },
      },
    });
    await until(
      async () => (await job(queued.id)).attempts === 1 && (await job(queued.id)).status === 'queued',
    );
    let row = await job(queued.id);
    expect(row.run_at).toBe('2026-01-01T00:00:00.999Z'); // 1st retry: up to baseMs
    expect(row.last_error).toBe('Error: flaky 1');
    expect(row.locked_by).toBeNull();
    // Not due yet: polling does not run it.
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toBe(1);
    clock.advance(1_000);
    worker.wake();
    await until(
      async () => (await job(queued.id)).attempts === 2 && (await job(queued.id)).status === 'queued',
    );
    row = await job(queued.id);
    // 2nd retry: the exponential (2,000 ms) is capped at maxMs (1,500 ms).
    expect(row.run_at).toBe('2026-01-01T00:00:02.499Z');
    expect(row.last_error).toBe('Error: flaky 2');
    clock.advance(1_500);
    worker.wake();
    await until(async () => (await job(queued.id)).status === 'done');
    expect(await job(queued.id)).toMatchObject({ status: 'done', attempts: 3 });
    expect(calls).toBe(3);
    expect(errors).toEqual(['Error: flaky 1', 'Error: flaky 2']);
  });

  it('goes dead after max_attempts, keeping the last error', async () => {
    const type = uniqueType('dead');
    let calls = 0;
    const { job: queued } = await enqueue(store, { type, payload: {}, maxAttempts: 3 });
    work({
      backoff: { baseMs: 1, maxMs: 1 },
      handlers: {
        [type]: async () => {
          calls += 1;
          throw new Error(`upstream said no (attempt ${calls})`);
        },
      },
    });
    await until(async () => (await job(queued.id)).status === 'dead');
    const row = await job(queued.id);
    expect(row).toMatchObject({
      status: 'dead',
      attempts: 3,
      last_error: 'Error: upstream said no (attempt 3)',
    });
    expect(row.finished_at).not.toBeNull();
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toBe(3);
  });

  it('fails a job that outlives its timeout, aborting its signal', async () => {
    const type = uniqueType('timeout');
    let aborted: unknown;
    const { job: queued } = await enqueue(store, { type, payload: {}, maxAttempts: 1 });
    work({
      jobTimeoutMs: 100,
      visibilityTimeoutMs: 10_000,
      handlers: {
        [type]: (_payload, ctx) =>
          new Promise<void>((resolve) => {
            ctx.signal.addEventListener('abort', () => {
              aborted = ctx.signal.reason;
              resolve();
            });
          }),
      },
    });
    await until(async () => (await job(queued.id)).status === 'dead');
    expect((await job(queued.id)).last_error).toBe('JobTimeoutError: job timed out after 100 ms');
    expect(String(aborted)).toMatch(/timed out/);
  });

  it('stop() lets running jobs finish and claims nothing more', async () => {
    const type = uniqueType('drain');
    const finished: string[] = [];
    let started = 0;
    const first = await enqueue(store, { type, payload: {} });
    const worker = work({
      concurrency: 1,
      handlers: {
        [type]: async (_payload, ctx) => {
          started += 1;
          await new Promise((r) => setTimeout(r, 300));
          finished.push(ctx.job.id);
        },
      },
    });
    await until(() => started === 1);
    const second = await enqueue(store, { type, payload: {} });
    await worker.stop();
    expect(finished).toEqual([first.job.id]);
    expect((await job(first.job.id)).status).toBe('done');
    expect(await job(second.job.id)).toMatchObject({ status: 'queued', attempts: 0 });
  });

  it('claims only the job types it has handlers for', async () => {
    const handled = uniqueType('handled');
    const unhandled = uniqueType('unhandled');
    const other = await enqueue(store, { type: unhandled, payload: {} });
    const mine = await enqueue(store, { type: handled, payload: {} });
    work({ handlers: { [handled]: async () => {} } });
    await until(async () => (await job(mine.job.id)).status === 'done');
    await new Promise((r) => setTimeout(r, 100));
    expect(await job(other.job.id)).toMatchObject({ status: 'queued', attempts: 0, locked_by: null });
  });
});

describe('enqueue', () => {
  it('returns the existing job for a repeated idempotency key and creates no second one', async () => {
    const type = uniqueType('idem');
    const key = `webhook:${newId()}`;
    const first = await enqueue(store, { type, payload: { n: 1 }, idempotencyKey: key });
    const again = await enqueue(store, { type, payload: { n: 2 }, idempotencyKey: key });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.job.id).toBe(first.job.id);
    expect(JSON.parse(again.job.payload_json)).toEqual({ n: 1 });
    // Concurrent enqueues in separate transactions still make one job.
    const racing = await Promise.all(
      Array.from({ length: 5 }, () =>
        store.transaction((tx) => enqueue(tx, { type, payload: {}, idempotencyKey: `${key}:race` })),
      ),
    );
    expect(new Set(racing.map((r) => r.job.id)).size).toBe(1);
    expect(racing.filter((r) => r.created)).toHaveLength(1);
    const rows = await store.executor.selectFrom('jobs').select('id').where('type', '=', type).execute();
    expect(rows).toHaveLength(2);
  });

  it('enqueued inside a transaction that rolls back, leaves no job', async () => {
    const type = uniqueType('rollback');
    const clientId = newId();
    await expect(
      store.transaction(async (tx) => {
        const now = new Date().toISOString();
        await tx.executor
          .insertInto('organizations')
          .values({
            id: clientId,
            name: 'Rolled back',
            settings_json: '{}',
            created_at: now,
            updated_at: now,
          })
          .execute();
        await enqueue(tx, { type, payload: {} });
        throw new Error('validation failed after enqueue');
      }),
    ).rejects.toThrow('validation failed after enqueue');
    expect(
      await store.executor.selectFrom('jobs').select('id').where('type', '=', type).execute(),
    ).toHaveLength(0);
    expect(
      await store.executor.selectFrom('organizations').select('id').where('id', '=', clientId).execute(),
    ).toHaveLength(0);
    // The same enqueue in a transaction that commits is there.
    await store.transaction((tx) => enqueue(tx, { type, payload: {} }));
    expect(
      await store.executor.selectFrom('jobs').select('id').where('type', '=', type).execute(),
    ).toHaveLength(1);
  });

  it('rejects a bad job type or max attempts and writes nothing', async () => {
    const before = (await store.executor.selectFrom('jobs').select('id').execute()).length;
    await expect(enqueue(store, { type: '', payload: {} })).rejects.toThrow(/invalid job type/);
    await expect(enqueue(store, { type: 'has spaces', payload: {} })).rejects.toThrow(/invalid job type/);
    await expect(enqueue(store, { type: uniqueType('bad'), payload: {}, maxAttempts: 0 })).rejects.toThrow(
      /maxAttempts/,
    );
    await expect(enqueue(store, { type: uniqueType('bad'), payload: {}, maxAttempts: 1.5 })).rejects.toThrow(
      /maxAttempts/,
    );
    expect((await store.executor.selectFrom('jobs').select('id').execute()).length).toBe(before);
  });
});

describe('crashed workers', () => {
  async function insertRunning(
    type: string,
    attempts: number,
    maxAttempts: number,
    lockedAt: Date,
  ): Promise<string> {
    const id = newId();
    const iso = lockedAt.toISOString();
    await store.executor
      .insertInto('jobs')
      .values({
        id,
        org_id: null,
        type,
        payload_json: '{}',
        status: 'running',
        attempts,
        max_attempts: maxAttempts,
        run_at: iso,
        idempotency_key: null,
        locked_by: 'crashed-worker',
        locked_at: iso,
        last_error: null,
        created_at: iso,
        updated_at: iso,
        finished_at: null,
      })
      .execute();
    return id;
  }

  it('re-runs a job whose lock outlived the visibility timeout, and buries one that has no attempts left', async () => {
    const type = uniqueType('stale');
    const ran: string[] = [];
    const longAgo = new Date(Date.now() - 10 * 60_000);
    const orphan = await insertRunning(type, 1, 3, longAgo);
    const exhausted = await insertRunning(type, 3, 3, longAgo);
    const fresh = await insertRunning(type, 1, 3, new Date()); // still held by a live worker
    work({
      visibilityTimeoutMs: 5 * 60_000,
      jobTimeoutMs: 60_000,
      workerId: 'rescuer',
      handlers: {
        [type]: async (_payload, ctx) => {
          ran.push(ctx.job.id);
        },
      },
    });
    await until(async () => (await job(orphan)).status === 'done');
    expect(await job(orphan)).toMatchObject({ status: 'done', attempts: 2, locked_by: 'rescuer' });
    expect((await job(orphan)).last_error).toMatch(/lock expired/);
    expect(await job(exhausted)).toMatchObject({ status: 'dead', attempts: 3 });
    expect((await job(exhausted)).last_error).toMatch(/lock expired/);
    expect(await job(fresh)).toMatchObject({ status: 'running', locked_by: 'crashed-worker' });
    expect(ran).toEqual([orphan]);
  });

  it('does not let a worker whose lock was reclaimed overwrite the new run', async () => {
    const type = uniqueType('lease');
    const { job: queued } = await enqueue(store, { type, payload: {} });
    const nowIso = new Date().toISOString();
    const [claimed] = await store.jobs.claim({ workerId: 'slow', types: [type], limit: 1, nowIso });
    expect(claimed?.id).toBe(queued.id);
    // The lock expires and another worker claims it again.
    await store.jobs.reclaimStale({ staleBeforeIso: new Date(Date.now() + 1_000).toISOString(), nowIso });
    const [reclaimed] = await store.jobs.claim({
      workerId: 'fast',
      types: [type],
      limit: 1,
      nowIso: new Date().toISOString(),
    });
    expect(reclaimed?.locked_by).toBe('fast');
    const slowLease = { id: queued.id, lockedBy: 'slow', lockedAt: claimed?.locked_at ?? '' };
    expect(await store.jobs.complete(slowLease, new Date().toISOString())).toBe(false);
    expect(await job(queued.id)).toMatchObject({ status: 'running', locked_by: 'fast', attempts: 2 });
  });
});

describe('backoff', () => {
  it('is full jitter below a capped exponential', () => {
    const policy = { baseMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5, 50, 5000].map((n) => backoffDelayMs(n, policy, () => 0.999_999_9))).toEqual([
      99, 199, 399, 799, 999, 999, 999,
    ]);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(200);
  });
});

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

/**
 * Job throughput: how many no-op jobs per second the durable queue completes on SQLite and on
 * PostgreSQL, with one and with two worker loops (each loop: concurrency 8, claims in batches).
 * Each job costs a claim share, the handler call and the `done` write, so this measures the
 * queue's own overhead. Jobs are bulk-inserted first; enqueue() one at a time is measured apart.
 * Prints absolute numbers and ratios from the same run (PG/SQLite, 2 loops / 1 loop).
 */
import { migrateToLatest, openDatabase } from '../apps/server/src/db/database.ts';
import { enqueue } from '../apps/server/src/jobs/job-queue.ts';
import { startWorker, type WorkerHandle } from '../apps/server/src/jobs/worker.ts';
import { newId } from '../apps/server/src/lib/ids.ts';
import { Store } from '../apps/server/src/repositories/store.ts';
import { fmt, freshDatabase, machineLine, postgresAvailable } from './bench-support.ts';

const JOBS = 2_000;
const ENQUEUES = 500;
const CONCURRENCY = 8;
/** A run that has not finished by then reports what it completed (keeps the bench under 60 s). */
const RUN_CAP_MS = 10_000;

interface Row {
  dialect: string;
  loops: number;
  jobs: number;
  seconds: number;
  perSecond: number;
}

async function measure(dialect: 'sqlite' | 'postgres'): Promise<{ rows: Row[]; enqueuePerSecond: number }> {
  const target = await freshDatabase(dialect, 'jobs');
  const database = openDatabase({ databaseUrl: target.databaseUrl, dataDir: target.dataDir });
  try {
    await migrateToLatest(database.db);
    const store = new Store(database.db, database.dialect);

    // enqueue() one by one, each its own statement (what a service does per request).
    const enqueueStart = performance.now();
    for (let i = 0; i < ENQUEUES; i++) await enqueue(store, { type: 'bench.enqueued', payload: { i } });
    const enqueuePerSecond = ENQUEUES / ((performance.now() - enqueueStart) / 1000);

    const rows: Row[] = [];
    for (const loops of [1, 2]) {
      const type = `bench.noop.${loops}`;
      const now = new Date().toISOString();
      const jobs = Array.from({ length: JOBS }, (_, i) => ({
        id: newId(),
        org_id: null,
        type,
        payload_json: JSON.stringify({ i }),
        status: 'queued' as const,
        attempts: 0,
        max_attempts: 3,
        run_at: now,
        idempotency_key: null,
        locked_by: null,
        locked_at: null,
        heartbeat_at: null,
        last_error: null,
        created_at: now,
        updated_at: now,
        finished_at: null,
      }));
      for (let i = 0; i < jobs.length; i += 500)
        await database.db
          .insertInto('jobs')
          .values(jobs.slice(i, i + 500))
          .execute();

      let handled = 0;
      let allHandled: () => void = () => {};
      const finished = new Promise<void>((resolve) => {
        allHandled = resolve;
      });
      const started = performance.now();
      const workers: WorkerHandle[] = [];
      for (let w = 0; w < loops; w++) {
        workers.push(
          startWorker({
            store,
            workerId: `bench-${dialect}-${loops}-${w}`,
            concurrency: CONCURRENCY,
            pollIntervalMs: 10,
            onError: (err) => console.error(err),
            handlers: {
              [type]: async () => {
                handled += 1;
                if (handled === JOBS) allHandled();
              },
            },
          }),
        );
      }
      await Promise.race([finished, new Promise((r) => setTimeout(r, RUN_CAP_MS))]);
      // stop() waits for the in-flight jobs' `done` writes, so they are inside the measurement.
      await Promise.all(workers.map((w) => w.stop()));
      const seconds = (performance.now() - started) / 1000;
      const done = Number(
        (
          await database.db
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('type', '=', type)
            .where('status', '=', 'done')
            .executeTakeFirst()
        )?.n ?? 0,
      );
      rows.push({ dialect, loops, jobs: done, seconds, perSecond: done / seconds });
    }
    return { rows, enqueuePerSecond };
  } finally {
    await database.close();
    await target.drop();
  }
}

console.log(machineLine());
console.log(`jobs per run: ${JOBS} no-op jobs, concurrency ${CONCURRENCY} per loop, poll 10 ms`);
const results = [await measure('sqlite')];
if (await postgresAvailable()) results.push(await measure('postgres'));
else console.log('PostgreSQL not reachable: measured SQLite only');

console.log('\ndialect   loops  jobs done  seconds  jobs/s');
for (const { rows } of results) {
  for (const r of rows) {
    console.log(
      `${r.dialect.padEnd(9)} ${String(r.loops).padStart(5)}  ${String(r.jobs).padStart(9)}  ${fmt(r.seconds).padStart(7)}  ${fmt(r.perSecond, 0).padStart(6)}`,
    );
  }
}
for (const [i, r] of results.entries()) {
  const dialect = i === 0 ? 'sqlite' : 'postgres';
  console.log(`enqueue() one at a time on ${dialect}: ${fmt(r.enqueuePerSecond, 0)} jobs/s`);
}
const find = (dialect: string, loops: number) =>
  results.flatMap((r) => r.rows).find((r) => r.dialect === dialect && r.loops === loops)?.perSecond ??
  Number.NaN;
console.log('\nratios (same run):');
console.log(`  sqlite   2 loops / 1 loop: ${fmt(find('sqlite', 2) / find('sqlite', 1))}`);
if (results.length > 1) {
  console.log(`  postgres 2 loops / 1 loop: ${fmt(find('postgres', 2) / find('postgres', 1))}`);
  console.log(`  PG / SQLite, 1 loop:       ${fmt(find('postgres', 1) / find('sqlite', 1))}`);
  console.log(`  PG / SQLite, 2 loops:      ${fmt(find('postgres', 2) / find('sqlite', 2))}`);
}

import { sql } from 'kysely';
import type { Dialect } from '../db/database.ts';
import type { JobStatus, JobsTable } from '../db/schema.ts';
import type { JobQueueStats } from '../lib/metrics.ts';
import type { Executor } from './executor.ts';

export type JobRow = JobsTable;

/** Who holds a running job: the claim's worker id and lock time, checked on every finishing write. */
export interface JobLease {
  id: string;
  lockedBy: string;
  lockedAt: string;
}

/**
 * The durable queue's SQL. Every method runs on the executor the Store was built with, so an
 * enqueue made with a transaction's Store commits or rolls back with the caller's other writes.
 */
export class JobRepository {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Inserts the job unless another job already holds its idempotency key (`ON CONFLICT DO
   * NOTHING`, same syntax on both databases), and returns the job that holds the key either way.
   * On PostgreSQL a concurrent insert of the same key waits for the other transaction and then
   * does nothing, so the follow-up read sees the winner once it has committed.
   */
  async insertIdempotent(row: JobRow): Promise<{ job: JobRow; created: boolean }> {
    const result = await this.db
      .insertInto('jobs')
      .values(row)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) return { job: row, created: true };
    const existing = row.idempotency_key ? await this.findByIdempotencyKey(row.idempotency_key) : undefined;
    if (!existing) throw new Error(`job insert for ${row.type} was ignored but no job holds its key`);
    return { job: existing, created: false };
  }

  findById(id: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByIdempotencyKey(key: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  }

  /**
   * Claims up to `limit` due jobs of the given types for one worker and counts the attempt.
   *
   * PostgreSQL: the CTE locks the rows it picks `FOR UPDATE SKIP LOCKED`, so concurrent claimers
   * (other loops, other processes) skip rows someone else is claiming instead of waiting or
   * double-claiming; the UPDATE then marks them running in the same statement. The CTE is
   * MATERIALIZED on purpose: written as `WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)`,
   * the planner may choose a nested-loop semi join that re-runs the locking subquery once per
   * outer row, and every re-run skips the rows this statement has just updated and locks the
   * next ones, so one claim with LIMIT 3 took every queued job (see jobs-claim.test.ts). A
   * materialized CTE runs exactly once.
   *
   * SQLite has no SKIP LOCKED and needs none: it has one writer at a time. This is a single
   * UPDATE statement, which SQLite runs as its own write transaction and which takes the database
   * write lock before it reads (like BEGIN IMMEDIATE), so two claimers can never both see a row as
   * queued. Its `IN (SELECT …)` is not correlated, so SQLite evaluates it once. In-process loops
   * share one connection (Kysely serialises it); a second process waits on busy_timeout.
   *
   * `attempts` counts started attempts, incremented here rather than on failure, so a job that
   * crashes its worker every time still reaches max_attempts and goes dead instead of looping.
   */
  async claim(opts: { workerId: string; types: string[]; limit: number; nowIso: string }): Promise<JobRow[]> {
    if (opts.limit <= 0 || opts.types.length === 0) return [];
    const types = sql.join(opts.types.map((t) => sql`${t}`));
    if (this.dialect === 'postgres') {
      const result = await sql<JobRow>`
        WITH picked AS MATERIALIZED (
          SELECT id FROM jobs
           WHERE status = 'queued' AND run_at <= ${opts.nowIso} AND type IN (${types})
           ORDER BY run_at, id
           LIMIT ${opts.limit}
           FOR UPDATE SKIP LOCKED
        )
        UPDATE jobs
           SET status = 'running', locked_by = ${opts.workerId}, locked_at = ${opts.nowIso},
               heartbeat_at = NULL, attempts = attempts + 1, updated_at = ${opts.nowIso}
          FROM picked
         WHERE jobs.id = picked.id
           -- Re-checked on the locked row: never re-claims a job another claimer got first.
           AND jobs.status = 'queued'
        RETURNING jobs.*`.execute(this.db);
      return result.rows;
    }
    const result = await sql<JobRow>`
      UPDATE jobs
         SET status = 'running', locked_by = ${opts.workerId}, locked_at = ${opts.nowIso},
             heartbeat_at = NULL, attempts = attempts + 1, updated_at = ${opts.nowIso}
       WHERE id IN (
         SELECT id FROM jobs
          WHERE status = 'queued' AND run_at <= ${opts.nowIso} AND type IN (${types})
          ORDER BY run_at, id
          LIMIT ${opts.limit}
       )
       AND status = 'queued'
      RETURNING *`.execute(this.db);
    return result.rows;
  }

  /** Marks a job done, only if this worker still holds it (a reclaimed job belongs to another). */
  async complete(lease: JobLease, nowIso: string): Promise<boolean> {
    const result = await this.leased(lease)
      .set({ status: 'done', finished_at: nowIso, updated_at: nowIso })
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Puts a failed job back in the queue at `runAt`, keeping its error for the operator. */
  async retryLater(
    lease: JobLease,
    opts: { error: string; runAtIso: string; nowIso: string },
  ): Promise<boolean> {
    const result = await this.leased(lease)
      .set({
        status: 'queued',
        run_at: opts.runAtIso,
        last_error: opts.error,
        locked_by: null,
        locked_at: null,
        heartbeat_at: null,
        updated_at: opts.nowIso,
      })
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Hands a running job back to the queue, due now, without using an attempt: its worker is
   * shutting down (worker.ts, shutdownGraceMs), which says nothing about the job.
   */
  async release(lease: JobLease, nowIso: string): Promise<boolean> {
    const result = await this.leased(lease)
      .set((eb) => ({
        status: 'queued',
        attempts: eb('attempts', '-', 1),
        run_at: nowIso,
        locked_by: null,
        locked_at: null,
        heartbeat_at: null,
        updated_at: nowIso,
      }))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Gives up on a job: it stays in the table as `dead` with its last error, for inspection or replay. */
  async bury(lease: JobLease, opts: { error: string; nowIso: string }): Promise<boolean> {
    const result = await this.leased(lease)
      .set({ status: 'dead', last_error: opts.error, finished_at: opts.nowIso, updated_at: opts.nowIso })
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Renews a running job's lease (its worker's heartbeat), only while this worker still holds it.
   * False means the lease is gone (the job was reclaimed after a missed heartbeat, or finished):
   * the caller should stop working on it.
   */
  async renewLease(lease: JobLease, nowIso: string): Promise<boolean> {
    const result = await this.leased(lease).set({ heartbeat_at: nowIso }).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Running jobs whose lease was last renewed (or, without a heartbeat yet, claimed) before the
   * visibility timeout belong to a worker that crashed or hung: they go back to the queue now, or
   * to `dead` if they have used up their attempts. A live worker renews its leases well within
   * the timeout (worker.ts), however long the job runs. Safe to run from many workers at once:
   * the WHERE is re-checked on each row.
   */
  async reclaimStale(opts: { staleBeforeIso: string; nowIso: string }): Promise<number> {
    const error = `lock expired: the worker holding it stopped or hung (no heartbeat since before ${opts.staleBeforeIso})`;
    const result = await sql`
      UPDATE jobs
         SET status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
             finished_at = CASE WHEN attempts >= max_attempts THEN ${opts.nowIso} ELSE NULL END,
             run_at = ${opts.nowIso}, last_error = ${error},
             locked_by = NULL, locked_at = NULL, heartbeat_at = NULL, updated_at = ${opts.nowIso}
       WHERE status = 'running' AND COALESCE(heartbeat_at, locked_at) < ${opts.staleBeforeIso}`.execute(
      this.db,
    );
    return Number(result.numAffectedRows ?? 0);
  }

  async countByStatus(): Promise<Record<JobStatus, number>> {
    const rows = await this.db
      .selectFrom('jobs')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const counts: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, dead: 0 };
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  /**
   * The metrics scrape's view of the queue: per type, how many jobs are queued, running and dead,
   * and how long the oldest due queued job has waited past its run_at. Done jobs are not read.
   */
  async queueStats(nowIso: string): Promise<JobQueueStats[]> {
    const result = await sql<{ type: string; status: JobStatus; n: number; oldest_due: string | null }>`
      SELECT type, status, COUNT(*) AS n,
             MIN(CASE WHEN status = 'queued' AND run_at <= ${nowIso} THEN run_at END) AS oldest_due
        FROM jobs
       WHERE status IN ('queued', 'running', 'dead')
       GROUP BY type, status`.execute(this.db);
    const byType = new Map<string, JobQueueStats>();
    const nowMs = Date.parse(nowIso);
    for (const row of result.rows) {
      const stats = byType.get(row.type) ?? {
        type: row.type,
        queued: 0,
        running: 0,
        dead: 0,
        oldestDueAgeSeconds: 0,
      };
      if (row.status === 'queued' || row.status === 'running' || row.status === 'dead')
        stats[row.status] = Number(row.n);
      if (row.oldest_due)
        stats.oldestDueAgeSeconds = Math.max(0, (nowMs - Date.parse(row.oldest_due)) / 1000);
      byType.set(row.type, stats);
    }
    return [...byType.values()];
  }

  private leased(lease: JobLease) {
    return this.db
      .updateTable('jobs')
      .where('id', '=', lease.id)
      .where('status', '=', 'running')
      .where('locked_by', '=', lease.lockedBy)
      .where('locked_at', '=', lease.lockedAt);
  }
}

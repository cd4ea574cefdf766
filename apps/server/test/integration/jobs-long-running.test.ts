import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { enqueue } from '../../src/jobs/job-queue.ts';
import { systemTimers, type Timers } from '../../src/lib/timers.ts';
import { app, job, store, uniqueType, until, useJobsApp, work } from './jobs-fixtures.ts';
import { spawnWorkerProcess } from './jobs-worker-processes.ts';

/**
 * Jobs that run longer than the visibility timeout (a proxy of a 100 GB master): heartbeats keep
 * a live one with its worker, a killed worker's job is still reclaimed, and each job type has its
 * own time limit (docs/jobs-and-realtime.md, "Long jobs and heartbeats").
 */
useJobsApp();

describe('long jobs', () => {
  it('a job running three times the visibility timeout while heartbeating runs once', async () => {
    const type = uniqueType('long');
    const runs: string[] = [];
    let heartbeatSeen = false;
    const handler = async (_payload: unknown, ctx: { job: { id: string }; workerId: string }) => {
      runs.push(ctx.workerId);
      const started = Date.now();
      while (Date.now() - started < 1_200) {
        await systemTimers.sleep(50);
        if ((await job(ctx.job.id)).heartbeat_at) heartbeatSeen = true;
      }
    };
    // Both loops reclaim stale jobs every 100 ms (a quarter of the visibility timeout).
    const opts = { visibilityTimeoutMs: 400, jobTimeoutMs: 60_000, handlers: { [type]: handler } };
    work({ workerId: 'holder', ...opts });
    const { job: queued } = await enqueue(store, { type, payload: {} });
    await until(async () => (await job(queued.id)).status === 'running');
    work({ workerId: 'rival', ...opts });
    await until(async () => (await job(queued.id)).status === 'done', 10_000);
    expect(runs).toEqual(['holder']);
    expect(heartbeatSeen).toBe(true);
    expect(await job(queued.id)).toMatchObject({
      status: 'done',
      attempts: 1,
      locked_by: 'holder',
      last_error: null,
    });
  });

  it('a worker process killed mid-job has the job reclaimed and completed exactly once', async () => {
    const db = store.executor;
    await sql`create table job_events_test (job_id text not null, worker_id text not null, event text not null)`.execute(
      db,
    );
    const doomed = await spawnWorkerProcess({
      workerId: 'doomed',
      databaseUrl: app.config.databaseUrl,
      dataDir: app.dataDir,
      env: { VISIBILITY_TIMEOUT_MS: '600' },
    });
    try {
      const { job: queued } = await enqueue(store, { type: 'test.slow', payload: { ms: 60_000 } });
      const events = async () =>
        (
          await sql<{ worker_id: string; event: string }>`
            select worker_id, event from job_events_test where job_id = ${queued.id}`.execute(db)
        ).rows.map((r) => `${r.worker_id}:${r.event}`);
      await until(async () => (await events()).includes('doomed:start'));
      // Alive and renewing: held past the visibility timeout without being reclaimed.
      await until(async () => Boolean((await job(queued.id)).heartbeat_at));
      doomed.child.kill('SIGKILL');
      expect(await doomed.exited).toBe(null);
      expect(await job(queued.id)).toMatchObject({ status: 'running', locked_by: 'doomed' });
      work({
        workerId: 'rescuer',
        visibilityTimeoutMs: 600,
        timeouts: { 'test.slow': null },
        handlers: {
          'test.slow': async (_payload, ctx) => {
            const event = (name: string) =>
              sql`insert into job_events_test (job_id, worker_id, event) values (${ctx.job.id}, ${ctx.workerId}, ${name})`.execute(
                ctx.store.executor,
              );
            await event('start');
            await systemTimers.sleep(100, ctx.signal);
            await event('end');
          },
        },
      });
      await until(async () => (await job(queued.id)).status === 'done', 15_000);
      expect(await job(queued.id)).toMatchObject({ status: 'done', attempts: 2, locked_by: 'rescuer' });
      expect((await job(queued.id)).last_error).toMatch(/lock expired/);
      expect((await events()).sort()).toEqual(['doomed:start', 'rescuer:end', 'rescuer:start']);
    } finally {
      if (doomed.child.exitCode === null && doomed.child.signalCode === null) doomed.child.kill('SIGKILL');
    }
  }, 30_000);

  it('fails a short-limit type at its own timeout and lets an unlimited type run past the default', async () => {
    const short = uniqueType('short');
    const long = uniqueType('long');
    const waits: number[] = [];
    const countingTimers: Timers = {
      sleep: (ms, signal) => {
        waits.push(ms);
        return systemTimers.sleep(ms, signal);
      },
      every: systemTimers.every,
    };
    let shortAborted: unknown;
    work({
      jobTimeoutMs: 300,
      timers: countingTimers,
      timeouts: { [short]: 150, [long]: null },
      handlers: {
        [short]: async (_payload, ctx) => {
          await systemTimers.sleep(5_000, ctx.signal).catch((err) => {
            shortAborted = err;
            throw err;
          });
        },
        [long]: async () => {
          await systemTimers.sleep(800);
        },
      },
    });
    const { job: shortJob } = await enqueue(store, { type: short, payload: {}, maxAttempts: 1 });
    const { job: longJob } = await enqueue(store, { type: long, payload: {}, maxAttempts: 1 });
    await until(
      async () => (await job(shortJob.id)).status === 'dead' && (await job(longJob.id)).status === 'done',
    );
    expect((await job(shortJob.id)).last_error).toBe('JobTimeoutError: job timed out after 150 ms');
    expect(shortAborted).toMatchObject({ name: 'JobTimeoutError' });
    expect(await job(longJob.id)).toMatchObject({ status: 'done', last_error: null });
    // The limits were waited through the injected timers; the unlimited type started no wait.
    expect(waits).toContain(150);
    expect(waits).not.toContain(300);
  });

  it('stop() aborts a job still running after the grace period and releases it without using an attempt', async () => {
    const type = uniqueType('release');
    let aborted: unknown;
    const worker = work({
      shutdownGraceMs: 100,
      timeouts: { [type]: null },
      handlers: {
        [type]: async (_payload, ctx) => {
          await systemTimers.sleep(60_000, ctx.signal).catch((err) => {
            aborted = err;
            throw err;
          });
        },
      },
    });
    const { job: queued } = await enqueue(store, { type, payload: {} });
    await until(async () => (await job(queued.id)).status === 'running');
    await worker.stop();
    expect(aborted).toMatchObject({ name: 'WorkerStoppingError' });
    expect(await job(queued.id)).toMatchObject({
      status: 'queued',
      attempts: 0,
      locked_by: null,
      heartbeat_at: null,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../src/jobs/backoff.ts';
import { enqueue } from '../../src/jobs/job-queue.ts';
import { newId } from '../../src/lib/ids.ts';
import { job, ManualClock, store, uniqueType, until, useJobsApp, work } from './jobs-fixtures.ts';

/** The worker loop: runs jobs, retries with capped jittered backoff, buries, times out, drains. */
useJobsApp();

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
        job: { id: queued.id, type, orgId, attempt: 1, maxAttempts: 5, createdAt: queued.created_at },
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

import { describe, expect, it } from 'vitest';
import { enqueue } from '../../src/jobs/job-queue.ts';
import { newId } from '../../src/lib/ids.ts';
import { job, store, uniqueType, until, useJobsApp, work } from './jobs-fixtures.ts';

/** Jobs whose worker died: stale locks are reclaimed, and a reclaimed lease cannot be overwritten. */
useJobsApp();

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

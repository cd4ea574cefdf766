import { describe, expect, it } from 'vitest';
import { enqueue } from '../../src/jobs/job-queue.ts';
import { store, uniqueType, useJobsApp } from './jobs-fixtures.ts';

/** The claim query takes at most `limit` jobs, whatever plan the database picks for it. */
useJobsApp();

describe('claim', () => {
  it('claims exactly `limit` of 300 due jobs, and the next claim the next ones', async () => {
    const type = uniqueType('claim');
    const ids: string[] = [];
    await store.transaction(async (tx) => {
      for (let i = 0; i < 300; i++) ids.push((await enqueue(tx, { type, payload: { i } })).job.id);
    });
    // On PostgreSQL, a fresh table's statistics make the planner run a locking `IN (SELECT …
    // LIMIT n FOR UPDATE SKIP LOCKED)` once per outer row, which claimed all 300 here.
    const nowIso = new Date(Date.now() + 1_000).toISOString();
    const first = await store.jobs.claim({ workerId: 'a', types: [type], limit: 3, nowIso });
    expect(first).toHaveLength(3);
    const second = await store.jobs.claim({ workerId: 'b', types: [type], limit: 3, nowIso });
    expect(second).toHaveLength(3);
    expect(new Set([...first, ...second].map((j) => j.id)).size).toBe(6);
    expect(first.every((j) => j.status === 'running' && j.locked_by === 'a' && j.attempts === 1)).toBe(true);
    const counts = await store.jobs.countByStatus();
    expect(counts.running).toBe(6);
  });
});

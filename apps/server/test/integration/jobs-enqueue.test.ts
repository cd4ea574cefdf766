import { describe, expect, it } from 'vitest';
import { enqueue } from '../../src/jobs/job-queue.ts';
import { newId } from '../../src/lib/ids.ts';
import { store, uniqueType, useJobsApp } from './jobs-fixtures.ts';

/** Enqueueing: idempotency keys, transactions, and bad input. */
useJobsApp();

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

import type { Clock } from '../lib/clock.ts';
import { systemClock } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import type { JobRow } from '../repositories/job.repository.ts';
import type { Store } from '../repositories/store.ts';

/**
 * Payload types by job type. Feature code declares its jobs by augmenting this interface, e.g.
 *   declare module '../jobs/job-queue.ts' { interface JobPayloads { 'frameio.upload-version': { versionId: string } } }
 * and then `enqueue(store, { type: 'frameio.upload-version', payload: … })` checks the payload's shape.
 * Types not declared here still work, with an `unknown` payload (tests use `test.*`).
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging
export interface JobPayloads {}

export type PayloadOf<T extends string> = T extends keyof JobPayloads ? JobPayloads[T] : unknown;

export interface EnqueueSpec<T extends string = string> {
  type: T;
  payload: PayloadOf<T>;
  /** The organization the job works for (null for housekeeping jobs). */
  orgId?: string | null;
  /** A second enqueue with the same key returns the first job and creates nothing. */
  idempotencyKey?: string;
  /** Not before this time (default: now). */
  runAt?: Date;
  /** Attempts before the job goes dead (default 5). */
  maxAttempts?: number;
}

export interface Enqueued {
  job: JobRow;
  /** False when the idempotency key already named a job (which is returned instead). */
  created: boolean;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Adds a job through the caller's store: called with a transaction's store (`tx`), the job
 * commits or rolls back with the caller's writes, so there is never a job for a row that does not
 * exist nor a row whose job was lost. Handlers run at least once (see worker.ts): make them idempotent.
 */
export async function enqueue<T extends string>(
  store: Store,
  spec: EnqueueSpec<T>,
  clock: Clock = systemClock,
): Promise<Enqueued> {
  if (!/^[a-z0-9][a-z0-9._-]{0,99}$/i.test(spec.type))
    throw new Error(`invalid job type ${JSON.stringify(spec.type)}`);
  const maxAttempts = spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new Error(`maxAttempts must be a positive integer`);
  const payloadJson = JSON.stringify(spec.payload ?? null);
  const now = clock.now().toISOString();
  const result = await store.jobs.insertIdempotent({
    id: newId(),
    org_id: spec.orgId ?? null,
    type: spec.type,
    payload_json: payloadJson,
    status: 'queued',
    attempts: 0,
    max_attempts: maxAttempts,
    run_at: spec.runAt ? spec.runAt.toISOString() : now,
    idempotency_key: spec.idempotencyKey ?? null,
    locked_by: null,
    locked_at: null,
    heartbeat_at: null,
    last_error: null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  });
  if (result.created) signalEnqueued();
  return result;
}

type WakeListener = () => void;
const wakeListeners = new Set<WakeListener>();

/**
 * The in-process wake-up: workers in this process subscribe and claim right away instead of
 * waiting for their next poll. Fired on the next tick, which for an enqueue outside a transaction
 * is after the insert; inside a transaction the worker may look before the commit and find
 * nothing, in which case its short poll (or its quick re-check after a wake) picks the job up.
 */
export function onJobEnqueued(listener: WakeListener): () => void {
  wakeListeners.add(listener);
  return () => wakeListeners.delete(listener);
}

function signalEnqueued(): void {
  if (wakeListeners.size === 0) return;
  setImmediate(() => {
    for (const listener of wakeListeners) listener();
  });
}

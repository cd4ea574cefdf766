import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { type Clock, systemClock } from '../lib/clock.ts';
import { systemTimers, type Timers } from '../lib/timers.ts';
import type { JobLease, JobRow } from '../repositories/job.repository.ts';
import type { Store } from '../repositories/store.ts';
import { type BackoffPolicy, backoffDelayMs, defaultBackoff } from './backoff.ts';
import { type JobHandlers, type JobTimeouts, jobContext } from './job-handlers.ts';
import { onJobEnqueued } from './job-queue.ts';
import { startHeartbeat } from './lease-heartbeat.ts';

export interface WorkerErrorInfo {
  phase: 'claim' | 'run' | 'finish' | 'reclaim' | 'heartbeat';
  jobId?: string;
  type?: string;
  attempt?: number;
}

export interface WorkerOptions {
  store: Store;
  handlers: JobHandlers;
  /** Per-type limits from the registries (null: none); other types get jobTimeoutMs. */
  timeouts?: JobTimeouts;
  clock?: Clock;
  /** Job timeouts and lease heartbeats wait through this (default: real timers). */
  timers?: Timers;
  /** Recorded in jobs.locked_by; unique per loop (default: host:pid:random). */
  workerId?: string;
  /** Jobs this loop runs at once (default 4). */
  concurrency?: number;
  /** How often an idle loop looks for due jobs; enqueues in this process wake it sooner (default 1000). */
  pollIntervalMs?: number;
  /**
   * A job of a type without its own limit (`timeouts`) that runs longer fails with a timeout and
   * its signal is aborted (default 4 min).
   */
  jobTimeoutMs?: number;
  /**
   * A running job whose lease has not been renewed for this long is presumed orphaned (its worker
   * crashed or hung) and is queued again (default 5 min). Live jobs renew theirs every
   * heartbeatIntervalMs, so this bounds how long a crashed worker's job waits, not how long a
   * job may run.
   */
  visibilityTimeoutMs?: number;
  /** How often a running job's lease is renewed (default a third of visibilityTimeoutMs). */
  heartbeatIntervalMs?: number;
  /**
   * How long stop() lets running jobs finish (default 30 s). Jobs still running then are aborted
   * and released to the queue without using an attempt, so a deploy neither waits hours for a
   * proxy transcode nor leaves it locked until the visibility timeout.
   */
  shutdownGraceMs?: number;
  backoff?: BackoffPolicy;
  /** Jitter source, injectable for tests. */
  random?: () => number;
  /** Failed attempts and loop errors (database down …); the loop keeps going. */
  onError?: (err: unknown, info: WorkerErrorInfo) => void;
}

export interface WorkerHandle {
  readonly workerId: string;
  /**
   * Stops claiming, lets running jobs finish for shutdownGraceMs, aborts and releases the rest to
   * the queue, then resolves.
   */
  stop(): Promise<void>;
  /** Look for due jobs now (called automatically when this process enqueues). */
  wake(): void;
}

export class JobTimeoutError extends Error {
  constructor(ms: number) {
    super(`job timed out after ${ms} ms`);
    this.name = 'JobTimeoutError';
  }
}

/** The worker is stopping and its grace period ran out: the job goes back to the queue. */
export class WorkerStoppingError extends Error {
  constructor() {
    super('the worker stopped before the job finished; released to the queue');
    this.name = 'WorkerStoppingError';
  }
}

/** The job was reclaimed from this worker (its heartbeats stopped reaching the database in time). */
export class JobLeaseLostError extends Error {
  constructor(jobId: string) {
    super(`lost the lease on job ${jobId}: it was reclaimed and runs elsewhere`);
    this.name = 'JobLeaseLostError';
  }
}

/** A re-check shortly after a wake that found nothing: the enqueue's transaction may not have committed yet. */
const WAKE_RECHECK_MS = 50;
const MAX_ERROR_LENGTH = 4000;

/**
 * The job worker loop. Claims due jobs (see JobRepository.claim for why each job is claimed by
 * exactly one loop on either database), runs up to `concurrency` at once, records done / retry
 * with backoff / dead, and periodically re-queues jobs orphaned by a crashed worker.
 *
 * While a job runs its lease is renewed every heartbeatIntervalMs, so a job may run far longer
 * than the visibility timeout (a proxy of a 100 GB master) without being reclaimed; only a worker
 * that stops renewing (crashed, hung, cut off from the database) loses its jobs to another.
 *
 * Delivery is at least once: a crash between a handler's side effects and the `done` write, or a
 * worker whose heartbeats stop reaching the database, runs the job again. Handlers must be idempotent.
 */
export class JobWorker implements WorkerHandle {
  readonly workerId: string;
  private readonly store: Store;
  private readonly handlers: JobHandlers;
  private readonly types: string[];
  private readonly timeouts: JobTimeouts;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;
  private readonly jobTimeoutMs: number;
  private readonly visibilityTimeoutMs: number;
  private readonly heartbeatIntervalMs: number;
  private readonly shutdownGraceMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly onError: (err: unknown, info: WorkerErrorInfo) => void;

  private readonly inFlight = new Set<Promise<void>>();
  /** Each running job's abort, for stop() once the grace period is over. */
  private readonly aborts = new Set<AbortController>();
  private stopping = false;
  private loopDone: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private externallyWoken = false;
  private saturated = false;
  private lastReclaimAt = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(opts: WorkerOptions) {
    this.store = opts.store;
    this.handlers = opts.handlers;
    this.types = Object.keys(opts.handlers);
    this.timeouts = opts.timeouts ?? {};
    this.clock = opts.clock ?? systemClock;
    this.timers = opts.timers ?? systemTimers;
    this.workerId = opts.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.concurrency = opts.concurrency ?? 4;
    this.pollIntervalMs = opts.pollIntervalMs ?? 1_000;
    this.jobTimeoutMs = opts.jobTimeoutMs ?? 4 * 60_000;
    this.visibilityTimeoutMs = opts.visibilityTimeoutMs ?? 5 * 60_000;
    this.heartbeatIntervalMs = opts.heartbeatIntervalMs ?? Math.floor(this.visibilityTimeoutMs / 3);
    this.shutdownGraceMs = opts.shutdownGraceMs ?? 30_000;
    this.backoff = opts.backoff ?? defaultBackoff;
    this.random = opts.random ?? Math.random;
    this.onError = opts.onError ?? defaultOnError;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1)
      throw new Error('concurrency must be a positive integer');
    // Two renewals per timeout at least, so one slow write does not cost a live job its lease.
    if (!(this.heartbeatIntervalMs > 0) || this.heartbeatIntervalMs * 2 > this.visibilityTimeoutMs) {
      throw new Error(
        'heartbeatIntervalMs must be positive and at most half of visibilityTimeoutMs, or running jobs would be reclaimed',
      );
    }
  }

  start(): this {
    if (this.loopDone) return this;
    this.unsubscribe = onJobEnqueued(() => this.wake());
    this.loopDone = this.loop();
    return this;
  }

  wake(): void {
    this.externallyWoken = true;
    this.signal();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.signal();
    await this.loopDone;
    const drained = Promise.allSettled([...this.inFlight]);
    const graceOver = new AbortController();
    const grace = this.timers.sleep(this.shutdownGraceMs, graceOver.signal).then(
      () => true,
      () => false,
    );
    if (await Promise.race([drained.then(() => false), grace])) {
      for (const controller of this.aborts) controller.abort(new WorkerStoppingError());
    }
    graceOver.abort();
    await drained;
  }

  private signal(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const free = this.concurrency - this.inFlight.size;
      let claimed = 0;
      const wasWoken = this.externallyWoken;
      this.externallyWoken = false;
      this.woken = false;
      try {
        await this.reclaimIfDue();
        if (free > 0) {
          const jobs = await this.store.jobs.claim({
            workerId: this.workerId,
            types: this.types,
            limit: free,
            nowIso: this.clock.now().toISOString(),
          });
          claimed = jobs.length;
          for (const job of jobs) this.track(job);
        }
      } catch (err) {
        this.onError(err, { phase: 'claim' });
      }
      if (this.stopping) break;
      // Every free slot filled: more jobs are probably due, so claim again as soon as one finishes.
      this.saturated = free > 0 ? claimed === free : true;
      if (this.saturated && this.inFlight.size < this.concurrency) continue;
      await this.idle(wasWoken && claimed === 0 ? WAKE_RECHECK_MS : this.pollIntervalMs);
    }
  }

  /** Sleeps until woken (enqueue, a freed slot while saturated, stop) or the timeout. */
  private idle(ms: number): Promise<void> {
    if (this.woken) return Promise.resolve();
    const wake = new AbortController();
    this.wakeUp = () => wake.abort();
    return this.timers
      .sleep(ms, wake.signal)
      .catch(() => {}) // woken early: the sleep rejects with the abort
      .finally(() => {
        this.wakeUp = undefined;
      });
  }

  private async reclaimIfDue(): Promise<void> {
    // Orphans are rare; looking a few times per visibility timeout is plenty.
    const every = Math.max(this.pollIntervalMs, Math.floor(this.visibilityTimeoutMs / 4));
    const nowMs = this.clock.now().getTime();
    if (nowMs - this.lastReclaimAt < every && this.lastReclaimAt !== 0) return;
    this.lastReclaimAt = nowMs;
    try {
      await this.store.jobs.reclaimStale({
        staleBeforeIso: new Date(nowMs - this.visibilityTimeoutMs).toISOString(),
        nowIso: new Date(nowMs).toISOString(),
      });
    } catch (err) {
      this.onError(err, { phase: 'reclaim' });
    }
  }

  private track(job: JobRow): void {
    const running = this.run(job).finally(() => {
      this.inFlight.delete(running);
      if (this.saturated) this.signal();
    });
    this.inFlight.add(running);
  }

  private async run(job: JobRow): Promise<void> {
    const lease: JobLease = { id: job.id, lockedBy: this.workerId, lockedAt: job.locked_at ?? '' };
    const info: WorkerErrorInfo = { phase: 'run', jobId: job.id, type: job.type, attempt: job.attempts };
    let failure: unknown;
    const controller = new AbortController();
    this.aborts.add(controller);
    const heartbeat = startHeartbeat({
      timers: this.timers,
      everyMs: this.heartbeatIntervalMs,
      renew: () => this.store.jobs.renewLease(lease, this.clock.now().toISOString()),
      onLost: () => controller.abort(new JobLeaseLostError(job.id)),
      onError: (err) => this.onError(err, { ...info, phase: 'heartbeat' }),
    });
    try {
      await this.execute(job, controller);
    } catch (err) {
      failure = err ?? new Error('job failed without an error');
      this.onError(failure, info);
    } finally {
      heartbeat.stop();
      this.aborts.delete(controller);
    }
    try {
      const nowIso = this.clock.now().toISOString();
      let kept: boolean;
      if (failure === undefined) {
        kept = await this.store.jobs.complete(lease, nowIso);
      } else if (failure instanceof WorkerStoppingError) {
        kept = await this.store.jobs.release(lease, nowIso);
      } else if (job.attempts >= job.max_attempts) {
        kept = await this.store.jobs.bury(lease, { error: describe(failure), nowIso });
      } else {
        const delay = backoffDelayMs(job.attempts, this.backoff, this.random);
        const runAtIso = new Date(this.clock.now().getTime() + delay).toISOString();
        kept = await this.store.jobs.retryLater(lease, { error: describe(failure), runAtIso, nowIso });
      }
      if (!kept) {
        // Our lock expired and the job was reclaimed; the other run's outcome is the one recorded.
        this.onError(new Error(`lost the lock on job ${job.id} before recording its outcome`), {
          ...info,
          phase: 'finish',
        });
      }
    } catch (err) {
      // The outcome was not recorded; the job stays running until its lock expires and then runs again.
      this.onError(err, { ...info, phase: 'finish' });
    }
  }

  private async execute(job: JobRow, controller: AbortController): Promise<void> {
    const handler = this.handlers[job.type];
    if (!handler) throw new Error(`no handler for job type ${job.type}`);
    const limitMs = this.timeouts[job.type] === undefined ? this.jobTimeoutMs : this.timeouts[job.type];
    // Ends the timeout's wait once the handler settles, so no timer outlives its job.
    const settled = new AbortController();
    try {
      const ctx = jobContext(job, {
        store: this.store,
        clock: this.clock,
        workerId: this.workerId,
        signal: controller.signal,
      });
      const racers: Promise<void>[] = [
        Promise.resolve().then(() => handler(JSON.parse(job.payload_json), ctx)),
      ];
      if (limitMs !== null && limitMs !== undefined) {
        racers.push(
          this.timers.sleep(limitMs, settled.signal).then(() => {
            const err = new JobTimeoutError(limitMs);
            controller.abort(err);
            throw err;
          }),
        );
      }
      // A lost lease ends the attempt at once: another worker runs the job now.
      racers.push(
        new Promise<never>((_, reject) => {
          const lost = () => reject(controller.signal.reason);
          if (controller.signal.aborted) lost();
          else controller.signal.addEventListener('abort', lost, { once: true });
          settled.signal.addEventListener('abort', () =>
            controller.signal.removeEventListener('abort', lost),
          );
        }),
      );
      await Promise.race(racers);
    } finally {
      settled.abort();
    }
  }
}

/** Starts one worker loop; the composition root calls this for the inline worker and `preroll worker`. */
export function startWorker(opts: WorkerOptions): WorkerHandle {
  return new JobWorker(opts).start();
}

function describe(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}

function defaultOnError(err: unknown, info: WorkerErrorInfo): void {
  console.error(
    `[jobs] ${info.phase}${info.jobId ? ` ${info.type} ${info.jobId} attempt ${info.attempt}` : ''}:`,
    err,
  );
}

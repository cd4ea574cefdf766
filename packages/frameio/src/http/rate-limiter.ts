import type { Clock } from './clock.ts';
import type { RateLimit } from './operations.ts';

/**
 * A queueing leaky bucket per key (= per operation, per client instance = per connection).
 *
 * Frame.io meters each operation per account user with a continuously refilling leaky bucket and
 * answers 429 when it overflows (frameio-api-notes.md, "Rate limits"). We mirror it client-side as
 * GCRA: emission interval T = window / limit, burst tolerance (limit - 1) · T, and a
 * "theoretical arrival time" (tat). A call conforms at `tat - tolerance`; callers that do not
 * conform wait in a FIFO queue drained by one pump per bucket, so a burst of 30 comment updates at
 * 10/min runs 10 at once and then one every 6 s instead of failing (frameio-api-notes.md,
 * "Rate limits": bursts must be queued, not retried blindly).
 *
 * The bucket only ever becomes stricter from what the server says: `x-ratelimit-remaining` lower
 * than our own count moves tat forward, and an `x-ratelimit-limit`/`-window` pair describing a
 * slower rate than the documented one replaces it (several processes may share one connection).
 * A 429 blocks the bucket until the retry delay has passed, so queued calls do not pile on.
 */
export interface RateLimitHeaders {
  limit?: number;
  remaining?: number;
  windowMs?: number;
}

interface Waiter {
  resolve: () => void;
  detach: () => void;
}

interface Bucket {
  intervalMs: number;
  capacity: number;
  tat: number;
  queue: Waiter[];
  pumping: boolean;
}

export class RateLimiter {
  readonly #clock: Clock;
  readonly #buckets = new Map<string, Bucket>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /**
   * Resolves when the caller may send one request under `key`. FIFO per key. An aborted `signal`
   * takes the caller out of the queue (rejecting with the abort reason) without using a slot.
   */
  acquire(key: string, rate: RateLimit, signal?: AbortSignal): Promise<void> {
    const bucket = this.#bucket(key, rate);
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (bucket.queue.length === 0 && this.#tryTake(bucket)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const i = bucket.queue.indexOf(waiter);
        if (i >= 0) bucket.queue.splice(i, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = { resolve, detach: () => signal?.removeEventListener('abort', onAbort) };
      signal?.addEventListener('abort', onAbort, { once: true });
      bucket.queue.push(waiter);
      if (!bucket.pumping) void this.#pump(bucket);
    });
  }

  /** Feed the `x-ratelimit-*` headers of a response for `key`. */
  observe(key: string, rate: RateLimit, headers: RateLimitHeaders): void {
    const bucket = this.#bucket(key, rate);
    const now = this.#clock.now();
    const { limit, windowMs, remaining } = headers;
    if (limit !== undefined && windowMs !== undefined && limit > 0 && windowMs > 0) {
      const serverInterval = windowMs / limit;
      if (serverInterval > bucket.intervalMs || limit < bucket.capacity) {
        bucket.intervalMs = Math.max(bucket.intervalMs, serverInterval);
        bucket.capacity = Math.min(bucket.capacity, limit);
      }
    }
    if (remaining !== undefined && remaining >= 0) {
      // The server's bucket holds `capacity - remaining` calls; ours must drain at least as long.
      // `max` keeps our own count when it is the stricter one (calls still in flight).
      const serverRemaining = Math.min(remaining, bucket.capacity);
      bucket.tat = Math.max(bucket.tat, now + (bucket.capacity - serverRemaining) * bucket.intervalMs);
    }
  }

  /** No call under `key` starts before `untilMs` (used after a 429). */
  block(key: string, rate: RateLimit, untilMs: number): void {
    const bucket = this.#bucket(key, rate);
    bucket.tat = Math.max(bucket.tat, untilMs + this.#tolerance(bucket));
  }

  /** How many calls could start right now under `key` without waiting. */
  remaining(key: string, rate: RateLimit): number {
    const bucket = this.#bucket(key, rate);
    const backlog = Math.max(0, bucket.tat - this.#clock.now());
    const free = bucket.capacity - Math.ceil(backlog / bucket.intervalMs - 1e-9);
    return Math.max(0, Math.min(bucket.capacity, free));
  }

  /** Calls waiting under `key`. */
  queued(key: string): number {
    return this.#buckets.get(key)?.queue.length ?? 0;
  }

  #bucket(key: string, rate: RateLimit): Bucket {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = {
        intervalMs: rate.windowMs / rate.limit,
        capacity: Math.max(1, Math.floor(rate.limit)),
        tat: Number.NEGATIVE_INFINITY,
        queue: [],
        pumping: false,
      };
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  #tolerance(bucket: Bucket): number {
    return (bucket.capacity - 1) * bucket.intervalMs;
  }

  /** Earliest time the next call conforms. */
  #nextAt(bucket: Bucket, now: number): number {
    return Math.max(now, bucket.tat - this.#tolerance(bucket));
  }

  #tryTake(bucket: Bucket): boolean {
    const now = this.#clock.now();
    if (this.#nextAt(bucket, now) > now) return false;
    bucket.tat = Math.max(bucket.tat, now) + bucket.intervalMs;
    return true;
  }

  async #pump(bucket: Bucket): Promise<void> {
    bucket.pumping = true;
    try {
      while (bucket.queue.length > 0) {
        const now = this.#clock.now();
        const at = this.#nextAt(bucket, now);
        // Re-evaluated after every sleep: headers or a 429 may have pushed tat further meanwhile.
        if (at > now) {
          await this.#clock.sleep(at - now);
          continue;
        }
        const waiter = bucket.queue.shift();
        if (!waiter) break;
        bucket.tat = Math.max(bucket.tat, now) + bucket.intervalMs;
        waiter.detach();
        waiter.resolve();
      }
    } finally {
      bucket.pumping = false;
    }
  }
}

/**
 * Reads the documented headers (frameio-api-notes.md, "Rate limits"); absent or malformed values
 * are ignored.
 */
export function readRateLimitHeaders(headers: Headers): RateLimitHeaders {
  const num = (name: string): number | undefined => {
    const raw = headers.get(name);
    if (raw === null || raw.trim() === '') return undefined;
    const n = Number(raw);
    return Number.isFinite(n) ? n : undefined;
  };
  return {
    limit: num('x-ratelimit-limit'),
    remaining: num('x-ratelimit-remaining'),
    windowMs: num('x-ratelimit-window'),
  };
}

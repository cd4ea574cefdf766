import type { RetryGuard } from '../http/request.ts';

/** Per-call options every method accepts. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Options of non-idempotent creates (POST): see the retry policy for when `retryGuard` is asked. */
export interface CreateOptions extends CallOptions {
  retryGuard?: RetryGuard;
}

/** Copies only the defined options (exactness keeps `undefined` out of request options). */
export function callExtras(options: CreateOptions | undefined): {
  signal?: AbortSignal;
  retryGuard?: RetryGuard;
} {
  const extras: { signal?: AbortSignal; retryGuard?: RetryGuard } = {};
  if (options?.signal) extras.signal = options.signal;
  if (options?.retryGuard) extras.retryGuard = options.retryGuard;
  return extras;
}

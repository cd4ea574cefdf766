import type { HttpMethod } from './operations.ts';

/**
 * The retry policy, written down (README "Retry policy" repeats it for callers).
 *
 * What is retried
 * - Network failures (no HTTP response), 429 and every 5xx but 501. Other 4xx never: they will not
 *   change by asking again (frameio-api-notes.md, "Errors"); nor 501 Not Implemented, which says
 *   the operation does not exist there (the sandbox's answer for what it does not emulate). 401 is not handled here: it gets exactly one
 *   token refresh and one retry in request.ts.
 *
 * How long to wait (retry n = 1, 2, …; `random()` in [0, 1))
 * - Network error: full jitter, `random() * min(maxDelayMs, baseDelayMs * 2^(n-1))`.
 * - 5xx: Frame.io asks for at least 30 s before retrying a 5xx, with limited, jittered, exponential
 *   retries (frameio-api-notes.md, "Errors"): `serverErrorMinDelayMs + random() * min(maxDelayMs,
 *   baseDelayMs * 2^(n-1))`.
 * - 429: "wait at least 1 s, then at least double on each subsequent
 *   429" (frameio-api-notes.md, "Rate limits"): the floor is `max(rateLimitMinDelayMs * 2^(k-1), 2
 *   * previous 429 delay)` for the k-th 429, and full jitter of the same size is added on top, so
 *   the delay lies in [floor, 2 * floor).
 * - `Retry-After` (seconds or an HTTP date) is honoured when the server sends one; Frame.io does
 *   not document it (UNCONFIRMED, frameio-api-notes.md, "Rate limits") but proxies and the sandbox
 *   may. We wait `max(Retry-After, floor)`, i.e. never less than the server asked nor less than the
 *   documented minimum. A wait beyond `maxRetryAfterMs` is not slept through: the call fails with
 *   FrameioRateLimitError carrying `retryAfterMs`, so a job queue can reschedule instead.
 *
 * Which methods are safe to retry
 * - GET, PATCH and DELETE are idempotent here: every PATCH in the subset sets absolute values
 *   (name, completed, parent_id, metadata values), and deleting twice only changes the answer
 *   (a retried DELETE that gets 404 after an ambiguous first attempt counts as success).
 * - POST creates (projects, folders, local uploads, version stacks, comments, shares, webhooks)
 *   are NOT idempotent and Frame.io has no idempotency key. A duplicate comment is visible to the
 *   client and to reviewers, a duplicate webhook doubles every delivery. So a POST is retried only
 *   when the server provably did not process it:
 *     · 429: the rate limiter rejects before the operation runs (frameio-api-notes.md, "Rate limits");
 *     · a connection that was never established (refused, DNS failure, connect timeout).
 *   After an ambiguous failure (timeout or reset after sending, any 5xx) a POST is retried only
 *   if the caller passes `retryGuard`, which can look for the resource first (e.g. list the
 *   file's comments for our text) and return true only when it is missing. Without a guard the
 *   error is thrown with `maybeApplied: true`, and reconciliation decides.
 *   503 is deliberately not special-cased: nothing in Frame.io's docs promises it means "not
 *   processed", and for comments a duplicate is worse than a delay.
 */
export interface RetryPolicyOptions {
  /** Total attempts including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  rateLimitMinDelayMs: number;
  serverErrorMinDelayMs: number;
  /** Longest single wait we sleep through inside a call; longer waits are the caller's job. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicyOptions> = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
  rateLimitMinDelayMs: 1_000,
  serverErrorMinDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
});

/** `connect`: the request never reached the server. `ambiguous`: it may have been processed. */
export type NetworkPhase = 'connect' | 'ambiguous';

export type AttemptOutcome =
  | { type: 'status'; status: number; retryAfterMs?: number }
  | { type: 'network'; phase: NetworkPhase };

export interface RetryState {
  method: HttpMethod;
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  /** How many 429s this call has seen, including this one. */
  rateLimitCount: number;
  previousRateLimitDelayMs?: number;
}

export type RetryDecision =
  | { retry: true; delayMs: number; needsGuard: boolean }
  | { retry: false; reason: 'not_retryable' | 'attempts_exhausted' | 'wait_too_long'; delayMs?: number };

export function isRetryableOutcome(outcome: AttemptOutcome): boolean {
  if (outcome.type === 'network') return true;
  return outcome.status === 429 || (outcome.status >= 500 && outcome.status !== 501);
}

/** True when repeating the request cannot create a second resource. */
export function isSafeToRetry(method: HttpMethod, outcome: AttemptOutcome): boolean {
  if (method !== 'POST') return true;
  if (outcome.type === 'network') return outcome.phase === 'connect';
  return outcome.status === 429;
}

export function decideRetry(
  outcome: AttemptOutcome,
  state: RetryState,
  options: RetryPolicyOptions = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): RetryDecision {
  if (!isRetryableOutcome(outcome)) return { retry: false, reason: 'not_retryable' };
  // Computed even when we stop: it tells a job queue when trying again makes sense.
  const delayMs = retryDelayMs(outcome, state, options, random);
  if (state.attempt >= options.maxAttempts) return { retry: false, reason: 'attempts_exhausted', delayMs };
  if (delayMs > options.maxRetryAfterMs) return { retry: false, reason: 'wait_too_long', delayMs };
  return { retry: true, delayMs, needsGuard: !isSafeToRetry(state.method, outcome) };
}

export function retryDelayMs(
  outcome: AttemptOutcome,
  state: RetryState,
  options: RetryPolicyOptions = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): number {
  const exp = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (state.attempt - 1));
  if (outcome.type === 'network') return Math.round(random() * exp);
  if (outcome.status === 429) {
    const floor = Math.max(
      options.rateLimitMinDelayMs * 2 ** Math.max(0, state.rateLimitCount - 1),
      2 * (state.previousRateLimitDelayMs ?? 0),
    );
    if (outcome.retryAfterMs !== undefined) return Math.max(outcome.retryAfterMs, floor);
    return Math.round(floor + random() * floor);
  }
  const floor = options.serverErrorMinDelayMs;
  if (outcome.retryAfterMs !== undefined) return Math.max(outcome.retryAfterMs, floor);
  return Math.round(floor + random() * exp);
}

/** `Retry-After` as delta-seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

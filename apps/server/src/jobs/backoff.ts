/**
 * Retry delays: exponential backoff with "full jitter" (a uniformly random delay between 0 and the
 * capped exponential), as in the AWS Architecture Blog's "Exponential Backoff And Jitter". Full
 * jitter spreads retries of jobs that failed together (a Frame.io outage, a rate limit) so they
 * do not come back as one thundering herd.
 */
export interface BackoffPolicy {
  /** Ceiling of the first retry's delay. */
  baseMs: number;
  /** No delay is ever longer than this. */
  maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 10 * 60_000 };

/**
 * The delay before the next attempt, given how many attempts have already failed (1 after the
 * first failure). `random` is injectable so tests can pin the jitter.
 */
export function backoffDelayMs(
  failedAttempts: number,
  policy: BackoffPolicy = defaultBackoff,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, failedAttempts - 1);
  // 2 ** 1024 is Infinity; Math.min keeps the cap exact for any attempt count.
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(exponent, 52));
  return Math.floor(random() * ceiling);
}

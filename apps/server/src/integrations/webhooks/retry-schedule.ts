/**
 * When an outgoing webhook is tried again (docs/webhooks.md, "Retries"): exponential backoff from
 * 30 s, doubling to a cap of 8 h, with ±10 % jitter so endpoints that failed together are not all
 * retried at the same second: about 12 attempts over a day. A delivery whose next attempt would
 * fall more than a day after its first attempt gives up; an endpoint whose every attempt has
 * failed for a day is disabled (its admins are told by email).
 */
export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_DELAY_MS = 8 * 3_600_000;
export const RETRY_WINDOW_MS = 24 * 3_600_000;
export const DISABLE_AFTER_FAILING_MS = RETRY_WINDOW_MS;

/** The wait before the next attempt, after `failedAttempts` (≥ 1) failures; `random` in [0, 1). */
export function retryDelayMs(failedAttempts: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(0, failedAttempts - 1), 30);
  const base = Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_MS * 2 ** exponent);
  return Math.round(base * (0.9 + 0.2 * random()));
}

/** The next attempt's time, or null when it would fall outside the day of retries. */
export function nextAttemptAt(
  firstAttemptAt: Date,
  now: Date,
  failedAttempts: number,
  random?: () => number,
) {
  const next = new Date(now.getTime() + retryDelayMs(failedAttempts, random));
  return next.getTime() - firstAttemptAt.getTime() > RETRY_WINDOW_MS ? null : next;
}

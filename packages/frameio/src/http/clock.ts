// Time is injected so the retry policy and the limiter can be tested without waiting.

export interface Clock {
  /** Milliseconds, monotonic enough for scheduling (Date.now is fine in production). */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

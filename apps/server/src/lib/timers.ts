/**
 * Waiting as a dependency, next to the Clock: services and integrations sleep and repeat through
 * this, never through setTimeout/setInterval directly, so the composition root decides how time
 * passes (tests can shorten or count waits) and nothing forgets to unref a timer.
 */
export interface Timers {
  /** Resolves after `ms`; rejects with the signal's reason when it is aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `fn` every `ms` until the returned stop() is called. Never keeps the process alive. */
  every(ms: number, fn: () => void): () => void;
}

export const systemTimers: Timers = {
  sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

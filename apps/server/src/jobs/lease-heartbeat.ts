import type { Timers } from '../lib/timers.ts';

export interface Heartbeat {
  stop(): void;
}

/**
 * Renews one running job's lease every `everyMs` until stopped. A renewal still in flight when
 * the next is due is not doubled (a slow database must not pile writes up). A failed write is
 * reported and retried at the next beat: the lease survives as long as one renewal per
 * visibility timeout lands. When the database answers that the lease is no longer ours (the job
 * was reclaimed), `onLost` fires once and the beats stop.
 */
export function startHeartbeat(opts: {
  timers: Timers;
  everyMs: number;
  renew: () => Promise<boolean>;
  onLost: () => void;
  onError: (err: unknown) => void;
}): Heartbeat {
  let inFlight = false;
  let stopped = false;
  const cancel = opts.timers.every(opts.everyMs, () => {
    if (inFlight || stopped) return;
    inFlight = true;
    opts
      .renew()
      .then((held) => {
        if (held || stopped) return;
        stopped = true;
        cancel();
        opts.onLost();
      })
      .catch(opts.onError)
      .finally(() => {
        inFlight = false;
      });
  });
  return {
    stop() {
      stopped = true;
      cancel();
    },
  };
}

import type { Clock } from '../../src/index.ts';

// Discrete-event time for tests: `sleep` registers a timer, and `run` advances `now` straight to
// the next timer whenever everything else is idle. Spacing assertions then use exact virtual
// milliseconds and a 2-minute backlog of queued calls runs in milliseconds of real time.

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];
  readonly sleeps: number[] = [];

  constructor(start = 1_000_000) {
    this.#now = start;
  }

  now = (): number => this.#now;

  sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    return new Promise((resolve) => {
      this.#timers.push({ at: this.#now + Math.max(0, ms), seq: this.#seq++, resolve });
    });
  };

  /** Pending timers. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Drives virtual time until `work` settles. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const tracked = work.finally(() => {
      settled = true;
    });
    tracked.catch(() => {});
    for (let guard = 0; guard < 100_000; guard++) {
      await idle();
      if (settled) return tracked;
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers.shift();
      if (!next) {
        // Nothing virtual to advance: the work waits on real time (a per-attempt timeout, an
        // external gate). Give it up to 2 s of real time before calling it stuck.
        for (let waited = 0; waited < 2000 && !settled && this.#timers.length === 0; waited += 5) {
          await new Promise<void>((resolve) => setTimeout(resolve, 5));
          await idle();
        }
        if (settled) return tracked;
        if (this.#timers.length > 0) continue;
        throw new Error('VirtualClock.run: work is stuck (no timers pending and not settled)');
      }
      this.#now = Math.max(this.#now, next.at);
      next.resolve();
    }
    throw new Error('VirtualClock.run: too many steps');
  }
}

/** Lets pending promise chains (including Response body reads) finish. */
async function idle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

import type { Clock } from '../lib/clock.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The clock the app runs on when it seeds the demo studio. While the seed tells its story it
 * stands on the days of the past week, so activity, comments and versions carry the times a real
 * week would give them; `backToNow()` returns it to the system's time for good before the server
 * is used (tokens, links and sessions are only ever made on the real time).
 */
export class DemoWeek implements Clock {
  private moment: Date | undefined;

  constructor(private readonly base: Clock) {}

  now(): Date {
    return this.moment ? new Date(this.moment) : this.base.now();
  }

  /** Stands on `daysAgo` days before today at `hhmm` (UTC), never later than now. */
  at(daysAgo: number, hhmm: string): void {
    const [h, m] = hhmm.split(':').map(Number);
    const today = this.base.now();
    const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), h, m));
    const when = new Date(day.getTime() - daysAgo * DAY_MS);
    this.moment = when < today ? when : today;
  }

  /** A few minutes later on the same day: the next step of a scene. */
  later(minutes: number): void {
    const next = new Date(this.now().getTime() + minutes * 60_000);
    const today = this.base.now();
    this.moment = next < today ? next : today;
  }

  backToNow(): void {
    this.moment = undefined;
  }
}

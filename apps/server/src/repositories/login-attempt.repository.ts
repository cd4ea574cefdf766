import { sql } from 'kysely';
import type { Executor } from './executor.ts';

export interface WindowCount {
  count: number;
  windowStart: string;
}

/**
 * Fixed-window counters for login attempts, in the database so the limit holds across several
 * server processes. `hit` is one atomic upsert (no read-then-write race between parallel
 * attempts): it starts a new window when the stored one is older than `windowStartIso`.
 */
export class LoginAttemptRepository {
  constructor(private readonly db: Executor) {}

  async hit(key: string, windowStartIso: string, nowIso: string): Promise<WindowCount> {
    const row = await this.db
      .insertInto('login_attempts')
      .values({ key, window_start: nowIso, count: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          count: sql<number>`case when login_attempts.window_start < ${windowStartIso} then 1 else login_attempts.count + 1 end`,
          window_start: sql<string>`case when login_attempts.window_start < ${windowStartIso} then ${nowIso} else login_attempts.window_start end`,
        }),
      )
      .returning(['count', 'window_start'])
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), windowStart: row.window_start };
  }

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('login_attempts').where('key', '=', key).execute();
  }
}

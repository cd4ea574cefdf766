import type { Executor } from './executor.ts';

/**
 * Fixed-window counters for login attempts, in the database so the limit holds across several
 * server processes. `hit` returns the count in the current window after this attempt.
 */
export class LoginAttemptRepository {
  constructor(private readonly db: Executor) {}

  async hit(key: string, windowStartIso: string, nowIso: string): Promise<number> {
    const row = await this.db.selectFrom('login_attempts').selectAll().where('key', '=', key).executeTakeFirst();
    if (!row || row.window_start < windowStartIso) {
      await this.db
        .insertInto('login_attempts')
        .values({ key, window_start: nowIso, count: 1 })
        .onConflict((oc) => oc.column('key').doUpdateSet({ window_start: nowIso, count: 1 }))
        .execute();
      return 1;
    }
    await this.db
      .updateTable('login_attempts')
      .set((eb) => ({ count: eb('count', '+', 1) }))
      .where('key', '=', key)
      .execute();
    return row.count + 1;
  }

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('login_attempts').where('key', '=', key).execute();
  }
}

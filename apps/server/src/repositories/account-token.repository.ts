import type { AccountTokensTable } from '../db/schema.ts';
import type { Executor } from './executor.ts';

export type AccountTokenRow = AccountTokensTable;

/** Password-reset and email-change links; users are not org-owned, so neither are these. */
export class AccountTokenRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: AccountTokenRow): Promise<void> {
    await this.db.insertInto('account_tokens').values(row).execute();
  }

  findByHash(purpose: AccountTokenRow['purpose'], tokenHash: string): Promise<AccountTokenRow | undefined> {
    return this.db
      .selectFrom('account_tokens')
      .selectAll()
      .where('purpose', '=', purpose)
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  /** Compare-and-set: true for exactly one caller, so a link works once even when used twice at once. */
  async consume(id: string, nowIso: string): Promise<boolean> {
    const res = await this.db
      .updateTable('account_tokens')
      .set({ used_at: nowIso })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** A newer link replaces the older ones of the same purpose: only the last mail works. */
  async retireUnused(userId: string, purpose: AccountTokenRow['purpose'], nowIso: string): Promise<void> {
    await this.db
      .updateTable('account_tokens')
      .set({ used_at: nowIso })
      .where('user_id', '=', userId)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .execute();
  }
}

import type { FrameioExecutor, FrameioOauthStatesTable } from './frameio-tables.ts';

export type FrameioOauthStateRow = FrameioOauthStatesTable;

/** Pending OAuth authorizations (hashed state, hashed browser nonce, encrypted PKCE verifier). */
export class FrameioOauthStateRepository {
  constructor(private readonly db: FrameioExecutor) {}

  async insert(row: FrameioOauthStateRow): Promise<void> {
    await this.db.insertInto('frameio_oauth_states').values(row).execute();
  }

  findByStateHash(stateHash: string): Promise<FrameioOauthStateRow | undefined> {
    return this.db
      .selectFrom('frameio_oauth_states')
      .selectAll()
      .where('state_hash', '=', stateHash)
      .executeTakeFirst();
  }

  /**
   * Marks the state used if it is unused and unexpired, in one conditional UPDATE, so two
   * callbacks racing with the same state cannot both win (on either database).
   */
  async consume(orgId: string, id: string, nowIso: string): Promise<boolean> {
    const r = await this.db
      .updateTable('frameio_oauth_states')
      .set({ used_at: nowIso })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Housekeeping: states past their expiry are useless; keep the table small. */
  async deleteExpired(orgId: string, beforeIso: string): Promise<void> {
    await this.db
      .deleteFrom('frameio_oauth_states')
      .where('org_id', '=', orgId)
      .where('expires_at', '<', beforeIso)
      .execute();
  }
}

import type { SessionsTable } from '../db/schema.ts';
import type { Executor } from './executor.ts';

export type SessionRow = SessionsTable;

export class SessionRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: SessionRow): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  /** Only the SHA-256 of a session token is stored; the cookie holds the token itself. */
  findByTokenHash(tokenHash: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  findById(id: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async setActiveOrg(id: string, orgId: string): Promise<void> {
    await this.db.updateTable('sessions').set({ active_org_id: orgId }).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /**
   * Ends every session of a user but `keepId` (a password change keeps the browser that made it);
   * returns the ended sessions so their open event streams can be told.
   */
  async deleteForUser(userId: string, keepId: string | null): Promise<SessionRow[]> {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepId) q = q.where('id', '!=', keepId);
    return q.returningAll().execute();
  }

  async deleteExpired(nowIso: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<', nowIso).execute();
  }
}

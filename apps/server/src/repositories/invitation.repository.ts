import type { InvitationsTable } from '../db/schema.ts';
import type { Executor } from './executor.ts';

export type InvitationRow = InvitationsTable;

export class InvitationRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: InvitationRow): Promise<void> {
    await this.db.insertInto('invitations').values(row).execute();
  }

  findByTokenHash(tokenHash: string): Promise<InvitationRow | undefined> {
    return this.db
      .selectFrom('invitations')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  listPending(orgId: string, nowIso: string): Promise<InvitationRow[]> {
    return this.db
      .selectFrom('invitations')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('accepted_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .orderBy('id')
      .execute();
  }

  /** Single use: only the first caller flips accepted_at. */
  async markAccepted(id: string, nowIso: string): Promise<boolean> {
    const result = await this.db
      .updateTable('invitations')
      .set({ accepted_at: nowIso })
      .where('id', '=', id)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

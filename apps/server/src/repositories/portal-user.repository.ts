import type { MagicLinksTable, PortalUsersTable } from '../db/schema.ts';
import type { PageRequest } from '../lib/pagination.ts';
import type { Executor } from './executor.ts';

export type PortalUserRow = PortalUsersTable;
export type MagicLinkRow = MagicLinksTable;

/** Client contacts who log in to the portal, and the single-use magic links that log them in. */
export class PortalUserRepository {
  constructor(private readonly db: Executor) {}

  /** Unscoped on purpose: the session resolver knows only the id (the row carries its org). */
  findById(id: string): Promise<PortalUserRow | undefined> {
    return this.db.selectFrom('portal_users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findInOrg(orgId: string, id: string): Promise<PortalUserRow | undefined> {
    return this.db
      .selectFrom('portal_users')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /**
   * False when the client already has a contact with this email: the unique constraint decides,
   * so two concurrent invitations cannot both succeed (nor fail with a raw constraint error).
   */
  async insertIfAbsent(row: PortalUserRow): Promise<boolean> {
    const r = await this.db
      .insertInto('portal_users')
      .values(row)
      .onConflict((oc) => oc.columns(['client_id', 'email']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Across organizations on purpose: a client asking for a sign-in link (`POST /portal/magic-link`)
   * names only an email, and the same person may be a contact of several clients or studios.
   */
  listByEmail(email: string): Promise<PortalUserRow[]> {
    return this.db
      .selectFrom('portal_users')
      .selectAll()
      .where('email', '=', email.toLowerCase())
      .orderBy('id')
      .limit(20)
      .execute();
  }

  listForClient(orgId: string, clientId: string, page: PageRequest): Promise<PortalUserRow[]> {
    let q = this.db
      .selectFrom('portal_users')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('client_id', '=', clientId);
    if (page.after) q = q.where('id', '>', page.after);
    return q
      .orderBy('id')
      .limit(page.limit + 1)
      .execute();
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('portal_users')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async insertMagicLink(row: MagicLinkRow): Promise<void> {
    await this.db.insertInto('magic_links').values(row).execute();
  }

  /** Only the SHA-256 of a magic-link token is stored; the mail holds the token itself. */
  findMagicLinkByHash(tokenHash: string): Promise<MagicLinkRow | undefined> {
    return this.db
      .selectFrom('magic_links')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  /** Marks a link used only if it still is unused: of two concurrent logins, one wins. */
  async consumeMagicLink(id: string, nowIso: string): Promise<boolean> {
    const r = await this.db
      .updateTable('magic_links')
      .set({ used_at: nowIso })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}

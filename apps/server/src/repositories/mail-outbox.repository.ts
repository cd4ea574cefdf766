import type { Insertable, Selectable } from 'kysely';
import type { MailOutboxTable } from '../db/schema.ts';
import type { Executor } from './executor.ts';

export type MailRow = Selectable<MailOutboxTable>;

export class MailOutboxRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: Insertable<MailOutboxTable>): Promise<void> {
    await this.db.insertInto('mail_outbox').values(row).execute();
  }

  /** The dev outbox an org's members may read; system mail (org_id null) addressed to them too. */
  listForOrg(orgId: string, limit: number): Promise<MailRow[]> {
    return this.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  listTo(address: string, limit: number): Promise<MailRow[]> {
    return this.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('to_address', '=', address.toLowerCase())
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }
}

import type { Updateable } from 'kysely';
import type { ClientsTable } from '../db/schema.ts';
import type { PageRequest } from '../lib/pagination.ts';
import type { Executor } from './executor.ts';

export type ClientRow = ClientsTable;
export type ClientPatch = Pick<Updateable<ClientsTable>, 'name' | 'contact_email' | 'notes' | 'updated_at'>;

/** Every query takes the organization: a row of another org is simply not found. */
export class ClientRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: ClientRow): Promise<void> {
    await this.db.insertInto('clients').values(row).execute();
  }

  findById(orgId: string, id: string): Promise<ClientRow | undefined> {
    return this.db
      .selectFrom('clients')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** One page in creation order, fetching limit + 1 rows so toPage can tell whether more exist. */
  listPage(orgId: string, page: PageRequest): Promise<ClientRow[]> {
    let q = this.db.selectFrom('clients').selectAll().where('org_id', '=', orgId);
    if (page.after) q = q.where('id', '>', page.after);
    return q
      .orderBy('id')
      .limit(page.limit + 1)
      .execute();
  }

  async update(orgId: string, id: string, patch: ClientPatch): Promise<boolean> {
    const r = await this.db
      .updateTable('clients')
      .set(patch)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Shows, episodes, deliverables and portal users go with it (ON DELETE CASCADE). */
  async delete(orgId: string, id: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('clients')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

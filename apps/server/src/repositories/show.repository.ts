import type { Updateable } from 'kysely';
import type { ShowsTable } from '../db/schema.ts';
import type { PageRequest } from '../lib/pagination.ts';
import type { Executor } from './executor.ts';

export type ShowRow = ShowsTable;
export type ShowPatch = Pick<Updateable<ShowsTable>, 'title' | 'description' | 'updated_at'>;

export class ShowRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: ShowRow): Promise<void> {
    await this.db.insertInto('shows').values(row).execute();
  }

  findById(orgId: string, id: string): Promise<ShowRow | undefined> {
    return this.db
      .selectFrom('shows')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  listPage(orgId: string, filter: { clientId?: string | undefined }, page: PageRequest): Promise<ShowRow[]> {
    let q = this.db.selectFrom('shows').selectAll().where('org_id', '=', orgId);
    if (filter.clientId) q = q.where('client_id', '=', filter.clientId);
    if (page.after) q = q.where('id', '>', page.after);
    return q
      .orderBy('id')
      .limit(page.limit + 1)
      .execute();
  }

  async update(orgId: string, id: string, patch: ShowPatch): Promise<boolean> {
    const r = await this.db
      .updateTable('shows')
      .set(patch)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('shows')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

import type { Updateable } from 'kysely';
import type { DeliverableStatus, DeliverablesTable } from '../db/schema.ts';
import type { PageRequest } from '../lib/pagination.ts';
import type { Executor } from './executor.ts';

export type DeliverableRow = DeliverablesTable;
export type DeliverablePatch = Pick<
  Updateable<DeliverablesTable>,
  'title' | 'kind' | 'due_date' | 'updated_at'
>;
/** A deliverable with the client its show belongs to: what the portal's access check needs. */
export type DeliverableWithClient = DeliverableRow & { client_id: string };

export interface DeliverableFilter {
  episodeId?: string | undefined;
  status?: DeliverableStatus | undefined;
  /** Several statuses (the portal hides drafts). */
  statusIn?: readonly DeliverableStatus[] | undefined;
}

export class DeliverableRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: DeliverableRow): Promise<void> {
    await this.db.insertInto('deliverables').values(row).execute();
  }

  findById(orgId: string, id: string): Promise<DeliverableRow | undefined> {
    return this.db
      .selectFrom('deliverables')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findWithClient(orgId: string, id: string): Promise<DeliverableWithClient | undefined> {
    return this.db
      .selectFrom('deliverables')
      .innerJoin('episodes', 'episodes.id', 'deliverables.episode_id')
      .innerJoin('shows', 'shows.id', 'episodes.show_id')
      .selectAll('deliverables')
      .select('shows.client_id')
      .where('deliverables.org_id', '=', orgId)
      .where('deliverables.id', '=', id)
      .executeTakeFirst();
  }

  listPage(orgId: string, filter: DeliverableFilter, page: PageRequest): Promise<DeliverableRow[]> {
    let q = this.db.selectFrom('deliverables').selectAll().where('org_id', '=', orgId);
    if (filter.episodeId) q = q.where('episode_id', '=', filter.episodeId);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.statusIn) q = q.where('status', 'in', [...filter.statusIn]);
    if (page.after) q = q.where('id', '>', page.after);
    return q
      .orderBy('id')
      .limit(page.limit + 1)
      .execute();
  }

  async update(orgId: string, id: string, patch: DeliverablePatch): Promise<boolean> {
    const r = await this.db
      .updateTable('deliverables')
      .set(patch)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Compare-and-set on the status: false when someone else changed it first, so two concurrent
   * approvals cannot both succeed and both be logged.
   */
  async transition(
    orgId: string,
    id: string,
    from: DeliverableStatus,
    to: DeliverableStatus,
    nowIso: string,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('deliverables')
      .set({ status: to, updated_at: nowIso })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('deliverables')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

import type { Updateable } from 'kysely';
import type { EpisodeStatus, EpisodesTable } from '../db/schema.ts';
import type { PageRequest } from '../lib/pagination.ts';
import type { Executor } from './executor.ts';

export type EpisodeRow = EpisodesTable;
export type EpisodePatch = Pick<
  Updateable<EpisodesTable>,
  'title' | 'number' | 'status' | 'air_date' | 'updated_at'
>;
/** An episode with the client its show belongs to: what the portal's access check needs. */
export type EpisodeWithClient = EpisodeRow & { client_id: string };

export interface EpisodeFilter {
  showId?: string | undefined;
  status?: EpisodeStatus | undefined;
}

export class EpisodeRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: EpisodeRow): Promise<void> {
    await this.db.insertInto('episodes').values(row).execute();
  }

  findById(orgId: string, id: string): Promise<EpisodeRow | undefined> {
    return this.db
      .selectFrom('episodes')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findWithClient(orgId: string, id: string): Promise<EpisodeWithClient | undefined> {
    return this.db
      .selectFrom('episodes')
      .innerJoin('shows', 'shows.id', 'episodes.show_id')
      .selectAll('episodes')
      .select('shows.client_id')
      .where('episodes.org_id', '=', orgId)
      .where('episodes.id', '=', id)
      .executeTakeFirst();
  }

  listPage(orgId: string, filter: EpisodeFilter, page: PageRequest): Promise<EpisodeRow[]> {
    let q = this.db.selectFrom('episodes').selectAll().where('org_id', '=', orgId);
    if (filter.showId) q = q.where('show_id', '=', filter.showId);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (page.after) q = q.where('id', '>', page.after);
    return q
      .orderBy('id')
      .limit(page.limit + 1)
      .execute();
  }

  async update(orgId: string, id: string, patch: EpisodePatch): Promise<boolean> {
    const r = await this.db
      .updateTable('episodes')
      .set(patch)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('episodes')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

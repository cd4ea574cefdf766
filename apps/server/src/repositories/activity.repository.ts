import type { ActivityTable } from '../db/schema.ts';
import type { PageRequest } from '../lib/pagination.ts';
import type { Executor } from './executor.ts';

export type ActivityRow = ActivityTable;

export interface ActivityFilter {
  episodeId?: string | undefined;
  subjectId?: string | undefined;
}

export class ActivityRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: ActivityRow): Promise<void> {
    await this.db.insertInto('activity').values(row).execute();
  }

  /**
   * Newest first: a page is `WHERE id < :before ORDER BY id DESC` (UUIDv7 ids sort by time), so
   * the cursor is the last (oldest) id of the previous page; `page.after` carries it.
   */
  listPageNewestFirst(orgId: string, filter: ActivityFilter, page: PageRequest): Promise<ActivityRow[]> {
    let q = this.db.selectFrom('activity').selectAll().where('org_id', '=', orgId);
    if (filter.episodeId) q = q.where('episode_id', '=', filter.episodeId);
    if (filter.subjectId) q = q.where('subject_id', '=', filter.subjectId);
    if (page.after) q = q.where('id', '<', page.after);
    return q
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
  }
}

import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DeliverableStatus, DeliverablesTable } from '../db/schema.ts';
import type { PageRequest } from '../lib/pagination.ts';
import type { Executor } from './executor.ts';

export type DeliverableRow = Selectable<DeliverablesTable>;
export type DeliverablePatch = Pick<
  Updateable<DeliverablesTable>,
  'title' | 'kind' | 'due_date' | 'client_may_download' | 'updated_at'
>;
/** A deliverable with the client its show belongs to: what the portal's access check needs. */
export type DeliverableWithClient = DeliverableRow & { client_id: string };

export interface DeliverableFilter {
  episodeId?: string | undefined;
  status?: DeliverableStatus | undefined;
  /** Several statuses (the portal hides drafts). */
  statusIn?: readonly DeliverableStatus[] | undefined;
}

/** A deliverable waiting for a client's review, with the names the portal's landing page shows. */
export interface WaitingDeliverable {
  id: string;
  title: string;
  kind: string;
  status: DeliverableStatus;
  due_date: string | null;
  updated_at: string;
  episode_id: string;
  episode_title: string;
  episode_number: number | null;
  show_id: string;
  show_title: string;
  latest_version_id: string | null;
  latest_version_number: number | null;
  /** The newest ready version's poster (a storage key, null until its previews job made one). */
  latest_version_poster_key: string | null;
  latest_version_media_kind: 'video' | 'audio' | 'other' | null;
}

export class DeliverableRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: Insertable<DeliverablesTable>): Promise<void> {
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

  /** Submitted or resubmitted deliverables of a client, most recently sent first, with their newest ready version. */
  async listWaitingForClient(orgId: string, clientId: string, limit: number): Promise<WaitingDeliverable[]> {
    const rows = await this.db
      .selectFrom('deliverables as d')
      .innerJoin('episodes as e', (j) => j.onRef('e.id', '=', 'd.episode_id').on('e.org_id', '=', orgId))
      .innerJoin('shows as s', (j) => j.onRef('s.id', '=', 'e.show_id').on('s.org_id', '=', orgId))
      .select([
        'd.id',
        'd.title',
        'd.kind',
        'd.status',
        'd.due_date',
        'd.updated_at',
        'd.episode_id',
        'e.title as episode_title',
        'e.number as episode_number',
        's.id as show_id',
        's.title as show_title',
      ])
      .where('d.org_id', '=', orgId)
      .where('s.client_id', '=', clientId)
      .where('d.status', 'in', ['submitted', 'resubmitted'])
      .orderBy('d.updated_at', 'desc')
      .limit(limit)
      .execute();
    if (rows.length === 0) return [];
    const versions = await this.db
      .selectFrom('deliverable_versions')
      .select(['id', 'deliverable_id', 'number', 'poster_key', 'media_kind'])
      .where('org_id', '=', orgId)
      .where(
        'deliverable_id',
        'in',
        rows.map((r) => r.id),
      )
      .where('status', '=', 'ready')
      .execute();
    const newest = new Map<string, (typeof versions)[number]>();
    for (const v of versions) {
      const seen = newest.get(v.deliverable_id);
      if (!seen || v.number > seen.number) newest.set(v.deliverable_id, v);
    }
    return rows.map((r) => ({
      ...r,
      latest_version_id: newest.get(r.id)?.id ?? null,
      latest_version_number: newest.get(r.id)?.number ?? null,
      latest_version_poster_key: newest.get(r.id)?.poster_key ?? null,
      latest_version_media_kind: newest.get(r.id)?.media_kind ?? null,
    }));
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

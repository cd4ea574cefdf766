import type { DeliverableStatus, DeliverableVersionsTable } from '../db/schema.ts';
import type { PageRequest } from '../lib/pagination.ts';
import type { Executor } from './executor.ts';

export type VersionRow = DeliverableVersionsTable;

export type MediaScope =
  | { clientId: string }
  | { showId: string }
  | { episodeId: string }
  | { deliverableId: string };

/** The little a version needs to know about its deliverable (looked up directly, org-scoped). */
export interface DeliverableRef {
  id: string;
  org_id: string;
  status: DeliverableStatus;
}

export class VersionRepository {
  constructor(private readonly db: Executor) {}

  /**
   * Storage keys of every version under a client, show, episode or deliverable: read before a
   * cascade delete removes the rows, so the files can be removed after the commit.
   */
  async storageKeysUnder(orgId: string, scope: MediaScope): Promise<string[]> {
    let query = this.db
      .selectFrom('deliverable_versions as v')
      .innerJoin('deliverables as d', (j) =>
        j.onRef('d.id', '=', 'v.deliverable_id').on('d.org_id', '=', orgId),
      )
      .innerJoin('episodes as e', (j) => j.onRef('e.id', '=', 'd.episode_id').on('e.org_id', '=', orgId))
      .innerJoin('shows as s', (j) => j.onRef('s.id', '=', 'e.show_id').on('s.org_id', '=', orgId))
      .select(['v.storage_key', 'v.id'])
      .where('v.org_id', '=', orgId);
    if ('clientId' in scope) query = query.where('s.client_id', '=', scope.clientId);
    else if ('showId' in scope) query = query.where('s.id', '=', scope.showId);
    else if ('episodeId' in scope) query = query.where('e.id', '=', scope.episodeId);
    else query = query.where('d.id', '=', scope.deliverableId);
    // Each version's original and the directory of what the media pipeline made from it.
    return (await query.execute()).flatMap((r) => [r.storage_key, `derived/${r.id}`]);
  }

  findDeliverable(orgId: string, id: string): Promise<DeliverableRef | undefined> {
    return this.db
      .selectFrom('deliverables')
      .select(['id', 'org_id', 'status'])
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** A deliverable a portal client may see: their client's, and past draft. */
  findDeliverableForClient(orgId: string, clientId: string, id: string): Promise<DeliverableRef | undefined> {
    return this.db
      .selectFrom('deliverables as d')
      .innerJoin('episodes as e', (j) => j.onRef('e.id', '=', 'd.episode_id').on('e.org_id', '=', orgId))
      .innerJoin('shows as s', (j) => j.onRef('s.id', '=', 'e.show_id').on('s.org_id', '=', orgId))
      .select(['d.id', 'd.org_id', 'd.status'])
      .where('d.org_id', '=', orgId)
      .where('d.id', '=', id)
      .where('s.client_id', '=', clientId)
      .where('d.status', '!=', 'draft')
      .executeTakeFirst();
  }

  /**
   * The client whose portal may hear about this deliverable's versions and comments (realtime
   * events carry it as `client_id`); null while the deliverable is a draft, which clients never see.
   */
  async portalClientOf(orgId: string, deliverableId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('deliverables as d')
      .innerJoin('episodes as e', (j) => j.onRef('e.id', '=', 'd.episode_id').on('e.org_id', '=', orgId))
      .innerJoin('shows as s', (j) => j.onRef('s.id', '=', 'e.show_id').on('s.org_id', '=', orgId))
      .select(['s.client_id', 'd.status'])
      .where('d.org_id', '=', orgId)
      .where('d.id', '=', deliverableId)
      .executeTakeFirst();
    return row && row.status !== 'draft' ? row.client_id : null;
  }

  async nextNumber(orgId: string, deliverableId: string): Promise<number> {
    const row = await this.db
      .selectFrom('deliverable_versions')
      .select((eb) => eb.fn.max('number').as('max'))
      .where('org_id', '=', orgId)
      .where('deliverable_id', '=', deliverableId)
      .executeTakeFirst();
    return Number(row?.max ?? 0) + 1;
  }

  async insert(row: VersionRow): Promise<void> {
    await this.db.insertInto('deliverable_versions').values(row).execute();
  }

  findById(orgId: string, id: string): Promise<VersionRow | undefined> {
    return this.db
      .selectFrom('deliverable_versions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The version, only if its deliverable belongs to the portal client and is not a draft. */
  findByIdForClient(orgId: string, clientId: string, id: string): Promise<VersionRow | undefined> {
    return this.db
      .selectFrom('deliverable_versions as v')
      .innerJoin('deliverables as d', (j) =>
        j.onRef('d.id', '=', 'v.deliverable_id').on('d.org_id', '=', orgId),
      )
      .innerJoin('episodes as e', (j) => j.onRef('e.id', '=', 'd.episode_id').on('e.org_id', '=', orgId))
      .innerJoin('shows as s', (j) => j.onRef('s.id', '=', 'e.show_id').on('s.org_id', '=', orgId))
      .selectAll('v')
      .where('v.org_id', '=', orgId)
      .where('v.id', '=', id)
      .where('s.client_id', '=', clientId)
      .where('d.status', '!=', 'draft')
      .executeTakeFirst();
  }

  /** The version of the same deliverable numbered just before this one (carry-forward's default). */
  findPrevious(orgId: string, deliverableId: string, number: number): Promise<VersionRow | undefined> {
    return this.db
      .selectFrom('deliverable_versions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('deliverable_id', '=', deliverableId)
      .where('number', '<', number)
      .orderBy('number', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  findByStorageKey(orgId: string, storageKey: string): Promise<VersionRow | undefined> {
    return this.db
      .selectFrom('deliverable_versions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('storage_key', '=', storageKey)
      .executeTakeFirst();
  }

  listForDeliverable(orgId: string, deliverableId: string, page: PageRequest): Promise<VersionRow[]> {
    let query = this.db
      .selectFrom('deliverable_versions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('deliverable_id', '=', deliverableId);
    if (page.after) query = query.where('id', '>', page.after);
    return query
      .orderBy('id')
      .limit(page.limit + 1)
      .execute();
  }

  async update(
    orgId: string,
    id: string,
    patch: Partial<Omit<VersionRow, 'id' | 'org_id' | 'deliverable_id'>>,
  ) {
    await this.db
      .updateTable('deliverable_versions')
      .set(patch)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .execute();
  }

  /**
   * Writes the analysis' outcome only while the version is still `processing`: of two runs of
   * the analysis job (a retried or reclaimed job), one records it and announces the version ready.
   */
  async finishAnalysis(
    orgId: string,
    id: string,
    patch: Partial<Omit<VersionRow, 'id' | 'org_id' | 'deliverable_id'>>,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('deliverable_versions')
      .set(patch)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where('status', '=', 'processing')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Deletes the version; its comments go with it (replies first: comments.parent_id has no cascade). */
  async delete(orgId: string, id: string): Promise<boolean> {
    await this.db
      .deleteFrom('comments')
      .where('org_id', '=', orgId)
      .where('version_id', '=', id)
      .where('parent_id', 'is not', null)
      .execute();
    await this.db.deleteFrom('comments').where('org_id', '=', orgId).where('version_id', '=', id).execute();
    const result = await this.db
      .deleteFrom('deliverable_versions')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

/** Two uploads finishing at once for one deliverable both pick max+1; the loser retries. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

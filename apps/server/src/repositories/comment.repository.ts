import { MARKER_FLAGS } from '@preroll/contracts/comments';
import { type ExpressionBuilder, sql } from 'kysely';
import type { CommentsTable, CommentVisibility, Database } from '../db/schema.ts';
import type { Executor } from './executor.ts';

export type CommentRow = CommentsTable;

/** What the player's timeline draws for one thread (a slim row, no text). */
export type MarkerRow = Pick<
  CommentRow,
  'id' | 'frame' | 'duration_frames' | 'author_type' | 'author_name'
> & {
  /** MARKER_FLAGS (packages/contracts comments.ts), added up in SQL: fewer values per row to read. */
  flags: number;
};

export interface ThreadPageQuery {
  onlyVisibility?: CommentVisibility;
  status: 'open' | 'done' | 'all';
  /** The top-level comment the previous page ended with. */
  after?: Pick<CommentRow, 'id' | 'frame' | 'created_at'>;
  limit: number;
}

/** A top-level comment shown in a list: live, or a tombstone that still has live replies. */
const shownTop = (eb: ExpressionBuilder<Database, 'comments'>) =>
  eb.and([
    eb('parent_id', 'is', null),
    eb.or([
      eb('deleted_at', 'is', null),
      eb.exists(
        eb
          .selectFrom('comments as r')
          .select('r.id')
          .whereRef('r.parent_id', '=', 'comments.id')
          .where('r.deleted_at', 'is', null),
      ),
    ]),
  ]);

export class CommentRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: CommentRow): Promise<void> {
    await this.db.insertInto('comments').values(row).execute();
  }

  findById(orgId: string, id: string): Promise<CommentRow | undefined> {
    return this.db
      .selectFrom('comments')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** These comments of the organization (the originals carried notes link back to). */
  async findByIds(orgId: string, ids: string[]): Promise<CommentRow[]> {
    const rows: CommentRow[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      rows.push(
        ...(await this.db
          .selectFrom('comments')
          .selectAll()
          .where('org_id', '=', orgId)
          .where('id', 'in', chunk)
          .execute()),
      );
    }
    return rows;
  }

  /**
   * Every comment of a version (threads are assembled by the caller), optionally only one
   * visibility. Uses the (org_id, version_id, frame, id) index.
   */
  listForVersion(
    orgId: string,
    versionId: string,
    onlyVisibility?: CommentVisibility,
  ): Promise<CommentRow[]> {
    let query = this.db
      .selectFrom('comments')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('version_id', '=', versionId);
    if (onlyVisibility) query = query.where('visibility', '=', onlyVisibility);
    return query.orderBy('frame').orderBy('id').execute();
  }

  /**
   * One page of threads in timeline order: up to `limit + 1` top-level comments after `after`
   * (the extra one tells whether a next page exists), with the live replies of those threads.
   * Placed threads come first, by (frame, created_at, id), then general ones by (created_at, id):
   * two range reads of the (org_id, version_id, frame, created_at, id) index that stop at the
   * page's end, rather than sorting every thread of the version for each page.
   */
  async listThreadPage(
    orgId: string,
    versionId: string,
    q: ThreadPageQuery,
  ): Promise<{ tops: CommentRow[]; replies: CommentRow[] }> {
    const want = q.limit + 1;
    const tops: CommentRow[] = [];
    const a = q.after;
    if (!a || a.frame !== null) {
      let placed = this.topsQuery(orgId, versionId, q).where('frame', 'is not', null);
      if (a)
        placed = placed.where(sql<boolean>`(frame, created_at, id) > (${a.frame}, ${a.created_at}, ${a.id})`);
      tops.push(...(await placed.orderBy('frame').orderBy('created_at').orderBy('id').limit(want).execute()));
    }
    if (tops.length < want) {
      let general = this.topsQuery(orgId, versionId, q).where('frame', 'is', null);
      if (a && a.frame === null)
        general = general.where(sql<boolean>`(created_at, id) > (${a.created_at}, ${a.id})`);
      tops.push(
        ...(await general
          .orderBy('created_at')
          .orderBy('id')
          .limit(want - tops.length)
          .execute()),
      );
    }
    const ids = tops.slice(0, q.limit).map((t) => t.id);
    if (ids.length === 0) return { tops, replies: [] };
    const replies = await this.db
      .selectFrom('comments')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('parent_id', 'in', ids)
      .where('deleted_at', 'is', null)
      .execute();
    return { tops, replies };
  }

  /** The top-level comments a list shows, of the asked visibility and status. */
  private topsQuery(orgId: string, versionId: string, q: ThreadPageQuery) {
    let query = this.db
      .selectFrom('comments')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('version_id', '=', versionId)
      .where(shownTop);
    if (q.onlyVisibility) query = query.where('visibility', '=', q.onlyVisibility);
    if (q.status !== 'all') query = query.where('completed_at', q.status === 'done' ? 'is not' : 'is', null);
    return query;
  }

  /** Every live top-level comment placed on a frame: the timeline's markers, no text read. */
  listMarkers(orgId: string, versionId: string, onlyVisibility?: CommentVisibility): Promise<MarkerRow[]> {
    let query = this.db
      .selectFrom('comments')
      .select([
        'id',
        'frame',
        'duration_frames',
        'author_type',
        'author_name',
        sql<number>`(case when visibility = 'internal' then ${MARKER_FLAGS.internal} else 0 end)
          + (case when completed_at is null then 0 else ${MARKER_FLAGS.done} end)
          + (case when drawing_json is null then 0 else ${MARKER_FLAGS.drawing} end)`.as('flags'),
      ])
      .where('org_id', '=', orgId)
      .where('version_id', '=', versionId)
      .where('parent_id', 'is', null)
      .where('deleted_at', 'is', null)
      .where('frame', 'is not', null);
    if (onlyVisibility) query = query.where('visibility', '=', onlyVisibility);
    // (frame, id) is the order of the (org_id, version_id, frame, id) index: no sort step.
    return query.orderBy('frame').orderBy('id').execute();
  }

  async update(
    orgId: string,
    id: string,
    patch: Partial<Omit<CommentRow, 'id' | 'org_id' | 'version_id' | 'deliverable_id'>>,
  ) {
    await this.db
      .updateTable('comments')
      .set(patch)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .execute();
  }

  /** Replies share their thread's position and visibility; a change to the thread moves them too. */
  async updateReplies(
    orgId: string,
    parentId: string,
    patch: Partial<Pick<CommentRow, 'frame' | 'duration_frames' | 'visibility' | 'updated_at'>>,
  ) {
    await this.db
      .updateTable('comments')
      .set(patch)
      .where('org_id', '=', orgId)
      .where('parent_id', '=', parentId)
      .execute();
  }

  /** Whether a client took part in the thread (its top-level comment or a reply). */
  async threadHasPortalAuthor(orgId: string, topId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('comments')
      .select('id')
      .where('org_id', '=', orgId)
      .where((eb) => eb.or([eb('id', '=', topId), eb('parent_id', '=', topId)]))
      .where('author_type', '=', 'portal_user')
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}

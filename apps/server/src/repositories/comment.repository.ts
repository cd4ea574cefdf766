import type { CommentsTable, CommentVisibility } from '../db/schema.ts';
import type { Executor } from './executor.ts';

export type CommentRow = CommentsTable;

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

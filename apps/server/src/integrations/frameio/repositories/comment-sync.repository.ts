import type { CommentSyncState, FrameioCommentSyncTable, FrameioExecutor } from './frameio-tables.ts';

export type FrameioCommentSyncRow = FrameioCommentSyncTable;

/** Per-comment push state towards Frame.io (two-way comment sync). */
export class FrameioCommentSyncRepository {
  constructor(private readonly db: FrameioExecutor) {}

  async set(orgId: string, commentId: string, state: CommentSyncState, error: string | null, nowIso: string) {
    await this.db
      .insertInto('frameio_comment_sync')
      .values({ comment_id: commentId, org_id: orgId, state, error, create_text: null, updated_at: nowIso })
      .onConflict((oc) => oc.column('comment_id').doUpdateSet({ state, error, updated_at: nowIso }))
      .execute();
  }

  /**
   * Records the text about to be sent in a create (before the call), or clears it once the
   * remote id is linked. Written on its own so a crash right after the create still leaves it.
   */
  async setCreateText(orgId: string, commentId: string, text: string | null, nowIso: string) {
    await this.db
      .insertInto('frameio_comment_sync')
      .values({
        comment_id: commentId,
        org_id: orgId,
        state: 'pending',
        error: null,
        create_text: text,
        updated_at: nowIso,
      })
      .onConflict((oc) => oc.column('comment_id').doUpdateSet({ create_text: text }))
      .execute();
  }

  find(orgId: string, commentId: string): Promise<FrameioCommentSyncRow | undefined> {
    return this.db
      .selectFrom('frameio_comment_sync')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('comment_id', '=', commentId)
      .executeTakeFirst();
  }

  listForComments(orgId: string, commentIds: string[]): Promise<FrameioCommentSyncRow[]> {
    if (commentIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('frameio_comment_sync')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('comment_id', 'in', commentIds)
      .execute();
  }
}

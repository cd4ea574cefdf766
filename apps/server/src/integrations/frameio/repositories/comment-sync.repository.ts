import type { CommentSyncState, FrameioCommentSyncTable, FrameioExecutor } from './frameio-tables.ts';

export type FrameioCommentSyncRow = FrameioCommentSyncTable;

/** A sync row's defaults: a push pending, nothing sent, no lease. */
const EMPTY = {
  state: 'pending' as const,
  error: null,
  create_text: null,
  push_lease_owner: null,
  push_lease_until: null,
  remote_state: null,
};

/** What Frame.io holds of a linked comment besides its text: done or open, framestamp, duration. */
export interface RemoteCommentState {
  completed: boolean;
  timestamp: number | null;
  duration: number | null;
}

export function parseRemoteState(json: string | null | undefined): RemoteCommentState | null {
  if (!json) return null;
  const v = JSON.parse(json) as Partial<RemoteCommentState>;
  return {
    completed: v.completed === true,
    timestamp: typeof v.timestamp === 'number' ? v.timestamp : null,
    duration: typeof v.duration === 'number' ? v.duration : null,
  };
}

/** Per-comment push state towards Frame.io (two-way comment sync). */
export class FrameioCommentSyncRepository {
  constructor(private readonly db: FrameioExecutor) {}

  async set(orgId: string, commentId: string, state: CommentSyncState, error: string | null, nowIso: string) {
    await this.db
      .insertInto('frameio_comment_sync')
      .values({ ...EMPTY, comment_id: commentId, org_id: orgId, state, error, updated_at: nowIso })
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
      .values({ ...EMPTY, comment_id: commentId, org_id: orgId, create_text: text, updated_at: nowIso })
      .onConflict((oc) => oc.column('comment_id').doUpdateSet({ create_text: text }))
      .execute();
  }

  /** Records what Frame.io now holds (after a push, or after taking a change from Frame.io). */
  async setRemoteState(orgId: string, commentId: string, remote: RemoteCommentState, nowIso: string) {
    const json = JSON.stringify(remote);
    await this.db
      .insertInto('frameio_comment_sync')
      .values({
        ...EMPTY,
        state: 'synced',
        comment_id: commentId,
        org_id: orgId,
        remote_state: json,
        updated_at: nowIso,
      })
      .onConflict((oc) => oc.column('comment_id').doUpdateSet({ remote_state: json }))
      .execute();
  }

  /**
   * Takes the comment's push lease unless another live run holds it (a crashed holder's runs
   * out at `untilIso`); renewing as the same owner succeeds. Creates the sync row if missing.
   */
  async acquirePushLease(orgId: string, commentId: string, owner: string, nowIso: string, untilIso: string) {
    await this.db
      .insertInto('frameio_comment_sync')
      // A row made only to hold the lease claims nothing about the comment: 'synced'.
      .values({ ...EMPTY, state: 'synced', comment_id: commentId, org_id: orgId, updated_at: nowIso })
      .onConflict((oc) => oc.column('comment_id').doNothing())
      .execute();
    const result = await this.db
      .updateTable('frameio_comment_sync')
      .set({ push_lease_owner: owner, push_lease_until: untilIso })
      .where('org_id', '=', orgId)
      .where('comment_id', '=', commentId)
      .where((eb) =>
        eb.or([
          eb('push_lease_owner', 'is', null),
          eb('push_lease_owner', '=', owner),
          eb('push_lease_until', '<', nowIso),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows ?? 0) > 0;
  }

  async releasePushLease(orgId: string, commentId: string, owner: string): Promise<void> {
    await this.db
      .updateTable('frameio_comment_sync')
      .set({ push_lease_owner: null, push_lease_until: null })
      .where('org_id', '=', orgId)
      .where('comment_id', '=', commentId)
      .where('push_lease_owner', '=', owner)
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

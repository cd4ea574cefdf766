import type { CommentUpdateInput, FrameioClient } from '@preroll/frameio';
import { toFrameioFramestamp } from '@preroll/timecode';
import type { JobContext } from '../../../jobs/job-handlers.ts';
import { enqueue } from '../../../jobs/job-queue.ts';
import type { Clock } from '../../../lib/clock.ts';
import { newId } from '../../../lib/ids.ts';
import type { CommentRow } from '../../../repositories/comment.repository.ts';
import type { Store } from '../../../repositories/store.ts';
import type { FrameioAccess, FrameioConnectionView } from '../connection/connection-access.ts';
import type { FrameioDeps } from '../frameio-deps.ts';
import { readFrameioSettings } from '../frameio-settings.ts';
import { parseRemoteState, type RemoteCommentState } from '../repositories/comment-sync.repository.ts';
import { frameioRepos } from '../repositories/frameio-repos.ts';
import type { FrameioLinkRow } from '../repositories/link.repository.ts';
import { remoteTextOf } from './comment-authors.ts';

/** A push run holds its comment this long, renewed every quarter; a crashed holder's runs out. */
const PUSH_LEASE_MS = 30_000;
/** When another run holds the comment, this push tries again after this long. */
const PUSH_LEASE_BUSY_RETRY_MS = 2_000;

export const framestampOf = (frame: number | null) => (frame === null ? null : toFrameioFramestamp(frame));

/**
 * Called inside the comment's transaction (create, edit, delete): when its version is linked to a
 * Frame.io file, mark it pending and enqueue the push, committed with the change. Comments that
 * came from Frame.io are pushed only when deleted here (edits belong to their author there).
 */
export async function enqueueCommentPush(tx: Store, comment: CommentRow, clock: Clock): Promise<void> {
  const repos = frameioRepos(tx);
  const fileLink = await repos.links.find(comment.org_id, 'version', comment.version_id, 'file');
  if (!fileLink) return;
  const linked = await repos.links.find(comment.org_id, 'comment', comment.id, 'comment');
  // A Frame.io reviewer's comment is edited by its author there; from here it is only marked done
  // or reopened (or deleted), which the push sends as such.
  if (comment.source === 'frameio' && !linked) return;
  if (!linked && comment.visibility === 'internal') {
    if (!(await readFrameioSettings(tx, comment.org_id)).syncInternalComments) return;
  }
  const now = clock.now().toISOString();
  await repos.commentSync.set(comment.org_id, comment.id, 'pending', null, now);
  await enqueue(
    tx,
    {
      type: 'frameio.push-comment',
      payload: { commentId: comment.id },
      orgId: comment.org_id,
      idempotencyKey: `frameio.push-comment:${comment.id}:${comment.updated_at}:${newId()}`,
    },
    clock,
  );
}

/** The link row of a local comment and its remote one; `pushedText` is the text Frame.io holds. */
export function commentLink(
  orgId: string,
  commentId: string,
  remote: { id: string; file_id: string; updated_at: string },
  pushedText: string | null,
  now: string,
): FrameioLinkRow {
  return {
    id: newId(),
    org_id: orgId,
    local_type: 'comment',
    local_id: commentId,
    remote_type: 'comment',
    remote_id: remote.id,
    remote_parent_id: remote.file_id,
    remote_name: pushedText,
    remote_updated_at: remote.updated_at,
    created_at: now,
    updated_at: now,
  };
}

/**
 * preroll → Frame.io: the `frameio.push-comment` job sends a comment's current state (create,
 * edit, delete, hide). The link is written in the transaction that learns the remote id; the echo
 * webhook finds it (or claims the pending comment, comment-inbound.ts), so it never creates a
 * duplicate. A retry after a crash finds the comment its earlier attempt created by the text it
 * recorded before the call.
 */
export class FrameioCommentPush {
  /** Pushes of one comment also queue up inside this process (the lease orders processes). */
  private readonly pushing = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: FrameioDeps,
    private readonly access: FrameioAccess,
  ) {}

  /**
   * `frameio.push-comment`. One run per comment at a time across processes (a lease on its sync
   * row; a run that finds it held tries again shortly). A failure is recorded on the comment's sync
   * state, then retried by the queue.
   */
  async pushJob(orgId: string, commentId: string, ctx: JobContext): Promise<void> {
    const repos = frameioRepos(this.deps.store);
    const owner = `${ctx.workerId}:${ctx.job.id}:${ctx.job.attempt}`;
    const until = () => new Date(this.deps.clock.now().getTime() + PUSH_LEASE_MS).toISOString();
    const now = () => this.deps.clock.now().toISOString();
    if (!(await repos.commentSync.acquirePushLease(orgId, commentId, owner, now(), until()))) {
      await enqueue(
        this.deps.store,
        {
          type: 'frameio.push-comment',
          payload: { commentId },
          orgId,
          idempotencyKey: `frameio.push-comment:${commentId}:after:${ctx.job.id}:${ctx.job.attempt}`,
          runAt: new Date(this.deps.clock.now().getTime() + PUSH_LEASE_BUSY_RETRY_MS),
        },
        this.deps.clock,
      );
      return;
    }
    const stopRenewing = this.deps.timers.every(PUSH_LEASE_MS / 4, () => {
      void repos.commentSync.acquirePushLease(orgId, commentId, owner, now(), until()).catch(() => undefined);
    });
    try {
      await this.access.withConnection(orgId, (client, conn) =>
        this.push(orgId, commentId, client, conn, ctx.job.attempt),
      );
    } catch (err) {
      const msg = (err as Error).message.slice(0, 500);
      if (await this.deps.store.comments.findById(orgId, commentId))
        await repos.commentSync.set(orgId, commentId, 'failed', msg, now());
      throw err;
    } finally {
      stopRenewing();
      await repos.commentSync.releasePushLease(orgId, commentId, owner).catch(() => undefined);
    }
  }

  /**
   * The push job: sends the comment's current state. The link is written in the transaction that
   * learns the remote id; the echo webhook finds it (or claims the pending comment, see
   * findPendingCreate), so it never creates a duplicate.
   */
  async push(
    orgId: string,
    commentId: string,
    client: FrameioClient,
    conn: FrameioConnectionView,
    attempt: number,
  ) {
    const before = this.pushing.get(commentId) ?? Promise.resolve();
    const run = before
      .catch(() => undefined)
      .then(() => this.pushNow(orgId, commentId, client, conn, attempt));
    const tail = run.catch(() => undefined);
    this.pushing.set(commentId, tail);
    try {
      await run;
    } finally {
      if (this.pushing.get(commentId) === tail) this.pushing.delete(commentId);
    }
  }

  private async pushNow(
    orgId: string,
    commentId: string,
    client: FrameioClient,
    conn: FrameioConnectionView,
    attempt: number,
    again = true,
  ): Promise<void> {
    const store = this.deps.store;
    const repos = frameioRepos(store);
    const comment = await store.comments.findById(orgId, commentId);
    if (!comment) return;
    const fileLink = await repos.links.find(orgId, 'version', comment.version_id, 'file');
    if (!fileLink) return;
    const accountId = conn.accountId!;
    const link = await repos.links.find(orgId, 'comment', comment.id, 'comment');
    const allowed =
      comment.visibility === 'client' || (await readFrameioSettings(store, orgId)).syncInternalComments;
    const now = () => this.deps.clock.now().toISOString();
    if (comment.source !== 'preroll' && !comment.deleted_at) {
      if (link) await this.sendChanges(client, accountId, comment, link, null);
      await repos.commentSync.set(orgId, comment.id, 'synced', null, now());
      return;
    }
    if (comment.deleted_at || !allowed) {
      if (link) {
        await client.comments.delete(accountId, link.remote_id).catch((err: { status?: number }) => {
          if (err.status !== 404) throw err;
        });
        await store.transaction(async (tx) => {
          await frameioRepos(tx).links.delete(orgId, link.id);
          await frameioRepos(tx).commentSync.set(orgId, comment.id, 'synced', null, now());
        });
      } else await repos.commentSync.set(orgId, comment.id, 'synced', null, now());
      return;
    }
    if (comment.source !== 'preroll') return;
    const parent = comment.parent_id ? await store.comments.findById(orgId, comment.parent_id) : undefined;
    const text = remoteTextOf(comment, parent, conn.row.connected_by);
    const timestamp = framestampOf(comment.frame);
    if (link) {
      await this.sendChanges(client, accountId, comment, link, text);
      await repos.commentSync.set(orgId, comment.id, 'synced', null, now());
      return;
    }
    // A previous attempt may have sent a create and died before linking it, and the comment may
    // have been edited since: look for the text that attempt sent as well as the current one.
    const sentBefore = (await repos.commentSync.find(orgId, comment.id))?.create_text ?? null;
    const texts = new Set([text, ...(sentBefore === null ? [] : [sentBefore])]);
    const findExisting = async () => {
      for await (const c of client.comments.iterate(accountId, fileLink.remote_id, { page_size: 100 })) {
        const ts = typeof c.timestamp === 'number' ? c.timestamp : null;
        if (texts.has(c.text) && ts === timestamp && !(await repos.links.findByRemote(orgId, c.id))) return c;
      }
      return undefined;
    };
    let created = attempt > 1 || sentBefore !== null ? await findExisting() : undefined;
    if (!created) {
      await repos.commentSync.setCreateText(orgId, comment.id, text, now());
      texts.add(text);
      let found: Awaited<ReturnType<typeof findExisting>>;
      try {
        created = await client.comments.create(
          accountId,
          fileLink.remote_id,
          {
            text,
            ...(timestamp === null ? {} : { timestamp }),
            ...(timestamp !== null && comment.duration_frames ? { duration: comment.duration_frames } : {}),
            ...(wantedState(comment).completed ? { completed: true } : {}),
          },
          {
            // After an ambiguous failure: re-create only if our comment is not there (packages/frameio retry policy).
            retryGuard: async () => {
              found = await findExisting();
              return !found;
            },
          },
        );
      } catch (err) {
        if (!found) throw err;
        created = found;
      }
    }
    const remote = created;
    await store.transaction(async (tx) => {
      const r = frameioRepos(tx);
      const existing = await r.links.find(orgId, 'comment', comment.id, 'comment');
      // remote_name is the text Frame.io has: if an older attempt's create was found, a later push
      // sees it differ from the local text and sends the edit.
      await r.links.upsert({
        ...commentLink(orgId, comment.id, remote, remote.text, now()),
        ...(existing ? { id: existing.id } : {}),
      });
      await r.commentSync.set(orgId, comment.id, 'synced', null, now());
      await r.commentSync.setCreateText(orgId, comment.id, null, now());
      await r.commentSync.setRemoteState(orgId, comment.id, heldBy(remote), now());
    });
    // Changed while the create was in flight (deleted, hidden, done, moved, edited), or an earlier
    // attempt's create was found with older fields: send the difference now that the id is known.
    if (again) await this.pushNow(orgId, commentId, client, conn, attempt, false);
  }

  /**
   * One update call with every field that differs from what Frame.io last held: the text (ours
   * only), done or open, framestamp and duration (ours only). Changes made and undone before the
   * push runs cost no call, which keeps bursts under Frame.io's update limit (10 a minute per user,
   * docs/frameio-api-notes.md, "Rate limits"); the client's limiter queues the rest, never drops.
   */
  private async sendChanges(
    client: FrameioClient,
    accountId: string,
    comment: CommentRow,
    link: FrameioLinkRow,
    text: string | null,
  ): Promise<void> {
    const repos = frameioRepos(this.deps.store);
    const want = wantedState(comment);
    const sync = await repos.commentSync.find(comment.org_id, comment.id);
    // Linked before remote state was kept: assume Frame.io has what a create sent (open, same place).
    const had = parseRemoteState(sync?.remote_state) ?? { ...want, completed: false };
    const patch: CommentUpdateInput = {};
    if (text !== null && link.remote_name !== text) patch.text = text;
    if (want.completed !== had.completed) patch.completed = want.completed;
    const moved = want.timestamp !== had.timestamp || want.duration !== had.duration;
    if (text !== null && want.timestamp !== null && moved) {
      patch.timestamp = want.timestamp;
      patch.duration = want.duration;
    }
    if (Object.keys(patch).length === 0) return;
    const updated = await client.comments.update(accountId, link.remote_id, patch);
    const now = this.deps.clock.now().toISOString();
    await this.deps.store.transaction(async (tx) => {
      const r = frameioRepos(tx);
      await r.links.upsert({
        ...link,
        remote_name: patch.text ?? link.remote_name,
        remote_updated_at: updated.updated_at,
        updated_at: now,
      });
      await r.commentSync.setRemoteState(comment.org_id, comment.id, heldBy(updated), now);
    });
  }
}

/** What Frame.io should hold of a comment besides its text. Replies are never done on their own. */
function wantedState(comment: CommentRow): RemoteCommentState {
  const timestamp = framestampOf(comment.frame);
  return {
    completed: comment.parent_id === null && comment.completed_at !== null,
    timestamp,
    duration: timestamp === null ? null : comment.duration_frames,
  };
}

/** What a Frame.io comment (as answered by create, update or a listing) holds. */
export function heldBy(remote: {
  completed_at: string | null;
  timestamp: unknown;
  duration: number | null;
}): RemoteCommentState {
  return {
    completed: remote.completed_at !== null,
    timestamp: typeof remote.timestamp === 'number' ? remote.timestamp : null,
    duration: remote.duration ?? null,
  };
}

import type { CommentWithIncludes, FrameioClient } from '@preroll/frameio';
import { fromFrameioFramestamp } from '@preroll/timecode';
import type { CommentRow } from '../../../repositories/comment.repository.ts';
import type { Store } from '../../../repositories/store.ts';
import type { CommentService } from '../../../services/comment.service.ts';
import { type CompletionFields, OPEN } from '../../../services/comment-rules.ts';
import type { FrameioConnectionView } from '../connection/connection-access.ts';
import type { FrameioDeps } from '../frameio-deps.ts';
import { frameioRepos } from '../repositories/frameio-repos.ts';
import { localAuthorOf, remoteTextOf } from './comment-authors.ts';
import { commentLink, enqueueCommentPush, framestampOf, heldBy } from './comment-outbound.ts';

/**
 * Who completed a comment in Frame.io, as preroll keeps it. Frame.io gives only the completer's
 * id: its name is known when it is the comment's owner (listed with the comment), else unnamed.
 */
function completedIn(remote: CommentWithIncludes): CompletionFields {
  const byOwner = remote.owner && remote.completer_id === remote.owner.id;
  return {
    completed_at: remote.completed_at,
    completed_by_type: 'external',
    completed_by_id: null,
    completed_by_name: byOwner ? (remote.owner?.name ?? FRAMEIO_REVIEWER) : FRAMEIO_REVIEWER,
  };
}
const FRAMEIO_REVIEWER = 'A Frame.io reviewer';

export interface ReconcileCounts {
  created: number;
  updated: number;
  deleted: number;
  linked: number;
  pushed: number;
}

/**
 * Frame.io → preroll: converges a linked version's comments with its Frame.io file's. Inbound
 * work always re-reads the file's comments (webhooks carry ids only) and converges: upsert what is
 * there, tombstone what is gone, re-push what preroll has and Frame.io lost. Idempotent and
 * order-tolerant by construction, which is also what reconciliation and the Resync action run.
 * Comments are written through the CommentService, like any other comment.
 */
export class FrameioCommentInbound {
  constructor(private readonly deps: FrameioDeps) {}

  /**
   * When this process last began listing a file's comments (ms). A comment delivery received
   * before that moment is already reflected in what the listing saw: its processing can skip.
   */
  readonly lastListed = new Map<string, number>();

  /** One read of the local side: the common case (nothing changed) needs no transaction. */
  private async snapshot(orgId: string, versionId: string) {
    const rows = await this.deps.store.comments.listForVersion(orgId, versionId);
    const comments = new Map(rows.map((r) => [r.id, r]));
    const links = await frameioRepos(this.deps.store).links.commentsOfVersion(orgId, versionId);
    const byRemote = new Map(links.map((l) => [l.link.remote_id, l.link]));
    const sync = new Map(
      (await frameioRepos(this.deps.store).commentSync.listForComments(orgId, [...comments.keys()])).map(
        (s) => [s.comment_id, s.state],
      ),
    );
    return {
      comments,
      /** The local comment, deleted here, of a remote comment still there with no push pending. */
      deletedHere(remote: { id: string }): CommentRow | undefined {
        const link = byRemote.get(remote.id);
        const local = link ? comments.get(link.local_id) : undefined;
        return local?.deleted_at && sync.get(local.id) !== 'pending' ? local : undefined;
      },
      /** The local row when the remote comment is linked and needs nothing; else undefined. */
      unchanged(remote: { id: string; updated_at: string }): CommentRow | undefined {
        const link = byRemote.get(remote.id);
        const local = link ? comments.get(link.local_id) : undefined;
        if (!link || !local) return undefined;
        const quiet =
          local.deleted_at ||
          sync.get(local.id) === 'pending' ||
          link.remote_updated_at === remote.updated_at;
        return quiet ? local : undefined;
      },
    };
  }

  /** A delete whose push lost a race with the create (or failed for good): push it again. */
  private async repushIfDeletedHere(
    known: Awaited<ReturnType<FrameioCommentInbound['snapshot']>>,
    remote: { id: string },
    counts: ReconcileCounts,
  ) {
    const local = known.deletedHere(remote);
    if (!local) return;
    await this.deps.store.transaction((tx) => enqueueCommentPush(tx, local, this.deps.clock));
    counts.pushed += 1;
  }

  /** Every comment of the file, replies included (one listing with include=owner,replies). */
  async remoteComments(client: FrameioClient, accountId: string, fileId: string) {
    const all: CommentWithIncludes[] = [];
    for await (const c of client.comments.iterate(accountId, fileId, {
      include: ['owner', 'replies'],
      page_size: 100,
    }))
      all.push(c);
    return all;
  }

  /**
   * Converges the local comments of `versionId` with the file's remote comments. Local comments
   * with a push pending are left alone (the local change wins until it has been sent).
   */
  async reconcileFile(
    orgId: string,
    versionId: string,
    fileId: string,
    client: FrameioClient,
    conn: FrameioConnectionView,
  ): Promise<ReconcileCounts> {
    const counts: ReconcileCounts = { created: 0, updated: 0, deleted: 0, linked: 0, pushed: 0 };
    const startedAt = this.deps.clock.now().getTime();
    const remote = await this.remoteComments(client, conn.accountId!, fileId);
    const known = await this.snapshot(orgId, versionId);
    const seen = new Set<string>();
    for (const top of remote) {
      seen.add(top.id);
      await this.repushIfDeletedHere(known, top, counts);
      let topLocal =
        known.unchanged(top) ?? (await this.upsertRemote(orgId, versionId, top, null, conn, counts));
      // A Frame.io reply to a comment that is a preroll reply (pushed as top-level): same thread.
      if (topLocal?.parent_id) topLocal = known.comments.get(topLocal.parent_id) ?? topLocal;
      for (const reply of top.replies ?? []) {
        seen.add(reply.id);
        await this.repushIfDeletedHere(known, reply, counts);
        if (!topLocal || known.unchanged(reply)) continue;
        const withOwner = await this.replyWithOwner(client, conn.accountId!, reply);
        if (withOwner) await this.upsertRemote(orgId, versionId, withOwner, topLocal, conn, counts);
      }
    }
    this.lastListed.set(`${orgId}:${fileId}`, startedAt);
    await this.tombstoneMissing(orgId, versionId, seen, counts, startedAt);
    await this.pushUnlinked(orgId, versionId, counts);
    return counts;
  }

  /**
   * Replies nested in a listing carry no owner (docs/frameio-api-notes.md, "Comment replies"), so a
   * reply preroll has to write is read once more with its owner, for its author's name. Undefined
   * when it was deleted meanwhile: the next convergence sees it gone.
   */
  private async replyWithOwner(
    client: FrameioClient,
    accountId: string,
    reply: CommentWithIncludes,
  ): Promise<CommentWithIncludes | undefined> {
    if (reply.owner) return reply;
    try {
      const shown = await client.comments.show(accountId, reply.id, { include: 'owner' });
      return shown.owner ? { ...reply, owner: shown.owner } : reply;
    } catch (err) {
      if ((err as { status?: number }).status === 404) return undefined;
      throw err;
    }
  }

  private async upsertRemote(
    orgId: string,
    versionId: string,
    remote: CommentWithIncludes,
    parent: CommentRow | null,
    conn: FrameioConnectionView,
    counts: ReconcileCounts,
  ): Promise<CommentRow | undefined> {
    const now = this.deps.clock.now().toISOString();
    const framestamp = typeof remote.timestamp === 'number' ? remote.timestamp : null;
    // A comment preroll pushed for someone else comes back without its author prefix (comment-authors.ts).
    const spoken = localAuthorOf(remote, conn.row.frameio_user_id);
    const frame = parent ? parent.frame : framestamp === null ? null : fromFrameioFramestamp(framestamp);
    const result = await this.deps.store.transaction(async (tx) => {
      const repos = frameioRepos(tx);
      const link = await repos.links.findByRemote(orgId, remote.id);
      if (link && link.local_type === 'comment') {
        const local = await tx.comments.findById(orgId, link.local_id);
        if (!local) return { row: undefined };
        const sync = await repos.commentSync.find(orgId, local.id);
        if (local.deleted_at || sync?.state === 'pending' || link.remote_updated_at === remote.updated_at)
          return { row: local };
        await repos.links.upsert({ ...link, remote_updated_at: remote.updated_at, updated_at: now });
        await repos.commentSync.setRemoteState(orgId, local.id, heldBy(remote), now);
        // Done or reopened in Frame.io: any thread takes it, whoever wrote it.
        const patch: Parameters<CommentService['reviseExternal']>[2] = {};
        const isDone = remote.completed_at !== null;
        if (local.parent_id === null && isDone !== (local.completed_at !== null)) {
          Object.assign(patch, isDone ? completedIn(remote) : OPEN);
        }
        // preroll is where a preroll comment is edited; only Frame.io's own comments take remote edits.
        if (local.source === 'frameio') {
          if (spoken.body !== local.body) {
            patch.body = spoken.body;
            patch.edited_at = remote.text_edited_at ?? now;
          }
          if (!parent && frame !== local.frame) patch.frame = frame;
          const duration = frame === null ? null : (remote.duration ?? null);
          if (!parent && duration !== local.duration_frames) patch.duration_frames = duration;
        }
        if (Object.keys(patch).length === 0) return { row: local };
        counts.updated += 1;
        return { row: await this.deps.comments.reviseExternal(tx, local, patch), change: 'updated' as const };
      }
      // Our own write whose link is not committed yet (the echo won the race): claim it.
      const mine = await this.findPendingCreate(tx, orgId, versionId, remote, conn);
      if (mine) {
        // remote_name is what Frame.io holds; if it is an older text, the pending push sends the edit.
        await repos.links.upsert(commentLink(orgId, mine.id, remote, remote.text, now));
        await repos.commentSync.setCreateText(orgId, mine.id, null, now);
        counts.linked += 1;
        return { row: mine };
      }
      const row = await this.deps.comments.recordExternal(tx, {
        orgId,
        versionId,
        parent,
        authorName: spoken.authorName,
        body: spoken.body,
        frame,
        durationFrames: remote.duration ?? null,
        completed: remote.completed_at !== null ? completedIn(remote) : null,
        source: 'frameio',
        editedAt: remote.text_edited_at ?? null,
        createdAt: remote.created_at ?? null,
      });
      if (!row) return { row: undefined };
      await repos.links.upsert(commentLink(orgId, row.id, remote, null, now));
      await repos.commentSync.set(orgId, row.id, 'synced', null, now);
      await repos.commentSync.setRemoteState(orgId, row.id, heldBy(remote), now);
      counts.created += 1;
      return { row, change: 'created' as const };
    });
    if (result.change && result.row) await this.deps.comments.announce(result.change, result.row);
    return result.row;
  }

  /** A local comment with a push pending, no link yet, and exactly this text and framestamp. */
  private async findPendingCreate(
    tx: Store,
    orgId: string,
    versionId: string,
    remote: CommentWithIncludes,
    conn: FrameioConnectionView,
  ): Promise<CommentRow | undefined> {
    if (remote.owner && remote.owner.id !== conn.row.frameio_user_id) return undefined;
    const repos = frameioRepos(tx);
    const rows = await tx.comments.listForVersion(orgId, versionId);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const sent = new Map(
      (
        await repos.commentSync.listForComments(
          orgId,
          rows.map((r) => r.id),
        )
      ).map((s) => [s.comment_id, s.create_text]),
    );
    for (const c of rows) {
      if (c.source !== 'preroll' || c.deleted_at) continue;
      const parent = c.parent_id ? byId.get(c.parent_id) : undefined;
      // The text a pending create sent, or (no create recorded) the text it would send now.
      const text = remoteTextOf(c, parent, conn.row.connected_by);
      if ((sent.get(c.id) ?? text) !== remote.text && text !== remote.text) continue;
      const ts = typeof remote.timestamp === 'number' ? remote.timestamp : null;
      if (framestampOf(c.frame) !== ts) continue;
      if (await repos.links.find(orgId, 'comment', c.id, 'comment')) continue;
      return c;
    }
    return undefined;
  }

  /**
   * Linked local comments whose remote comment is gone: tombstones (a delete twice is a no-op).
   * A link written after the listing began (a push that created its comment meanwhile) may be
   * missing from that listing only because it is newer: it is left for the next run.
   */
  private async tombstoneMissing(
    orgId: string,
    versionId: string,
    seen: Set<string>,
    counts: ReconcileCounts,
    listedAtMs: number,
  ) {
    const linked = await frameioRepos(this.deps.store).links.commentsOfVersion(orgId, versionId);
    for (const { comment, link } of linked) {
      if (seen.has(link.remote_id) || comment.deleted_at) continue;
      if (Date.parse(link.updated_at) >= listedAtMs) continue;
      const done = await this.deps.store.transaction(async (tx) => {
        const sync = await frameioRepos(tx).commentSync.find(orgId, comment.id);
        if (sync?.state === 'pending') return undefined;
        const tombstone = await this.deps.comments.tombstoneExternal(tx, orgId, comment.id);
        if (tombstone) await frameioRepos(tx).links.delete(orgId, link.id);
        return tombstone;
      });
      if (done) {
        counts.deleted += 1;
        await this.deps.comments.announce('deleted', done);
      }
    }
  }

  /** Local comments that should be in Frame.io but have no link and no push queued: push them. */
  private async pushUnlinked(orgId: string, versionId: string, counts: ReconcileCounts) {
    const rows = await this.deps.store.comments.listForVersion(orgId, versionId);
    const repos = frameioRepos(this.deps.store);
    for (const c of rows) {
      if (c.source !== 'preroll' || c.deleted_at) continue;
      if (await repos.links.find(orgId, 'comment', c.id, 'comment')) continue;
      const sync = await repos.commentSync.find(orgId, c.id);
      if (sync?.state === 'pending') continue;
      await this.deps.store.transaction(async (tx) => {
        await enqueueCommentPush(tx, c, this.deps.clock);
        if ((await frameioRepos(tx).commentSync.find(orgId, c.id))?.state === 'pending') counts.pushed += 1;
      });
    }
  }
}

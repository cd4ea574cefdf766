import type { CommentWithIncludes, FrameioClient } from '@preroll/frameio';
import { fromFrameioFramestamp, toFrameioFramestamp } from '@preroll/timecode';
import { enqueue } from '../../jobs/job-queue.ts';
import type { Clock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import type { CommentRow } from '../../repositories/comment.repository.ts';
import type { FrameioLinkRow } from '../../repositories/frameio-link.repository.ts';
import type { Store } from '../../repositories/store.ts';
import type { ServiceDeps } from '../../services/service-deps.ts';
import type { FrameioConnectionView } from './frameio-connection.service.ts';
import { frameioRepos } from './frameio-repos.ts';

declare module '../../jobs/job-queue.ts' {
  interface JobPayloads {
    /** Push one local comment's current state (create, edit, delete) to its Frame.io file. */
    'frameio.push-comment': { commentId: string };
  }
}

/** Org setting (organizations.settings_json): also push internal comments. Default false. */
export const SYNC_INTERNAL_SETTING = 'frameio_sync_internal_comments';

export function readSyncInternal(settingsJson: string | null | undefined): boolean {
  try {
    return (JSON.parse(settingsJson ?? '{}') as Record<string, unknown>)[SYNC_INTERNAL_SETTING] === true;
  } catch {
    return false;
  }
}

/**
 * V4 has no public reply-create endpoint (REFERENCE §3): a preroll reply goes to Frame.io as a
 * top-level comment at its thread's frame, marked with the author it answers.
 */
export function remoteTextOf(comment: CommentRow, parent: CommentRow | undefined): string {
  return parent ? `[Reply to ${parent.author_name}] ${comment.body}` : comment.body;
}

const framestampOf = (frame: number | null) => (frame === null ? null : toFrameioFramestamp(frame));

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
  if (comment.source === 'frameio' && !(comment.deleted_at && linked)) return;
  if (!linked && comment.visibility === 'internal') {
    const org = await tx.organizations.findById(comment.org_id);
    if (!readSyncInternal(org?.settings_json)) return;
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

type Publish = (
  type: 'comment.created' | 'comment.updated' | 'comment.deleted',
  c: CommentRow,
) => Promise<void>;

export interface ReconcileCounts {
  created: number;
  updated: number;
  deleted: number;
  linked: number;
  pushed: number;
}

/**
 * Comment sync between a linked version and its Frame.io file (issue 7). Inbound work always
 * re-reads the file's comments (webhooks carry ids only) and converges: upsert what is there,
 * tombstone what is gone. Idempotent and order-tolerant by construction, which is also what the
 * reconciliation and the Resync action run.
 */
export class FrameioCommentSync {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly publish: Publish,
  ) {}

  /**
   * When this process last began listing a file's comments (ms). A comment delivery received
   * before that moment is already reflected in what the listing saw: its processing can skip.
   */
  readonly lastListed = new Map<string, number>();

  /** One read of the local side: the common case (nothing changed) needs no transaction. */
  private async snapshot(orgId: string, versionId: string) {
    const rows = await this.deps.store.comments.listForVersion(orgId, versionId);
    const comments = new Map(rows.map((r) => [r.id, r]));
    const links = await this.linkedComments(orgId, versionId);
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
    known: Awaited<ReturnType<FrameioCommentSync['snapshot']>>,
    remote: { id: string },
    counts: ReconcileCounts,
  ) {
    const local = known.deletedHere(remote);
    if (!local) return;
    await this.deps.store.transaction((tx) => enqueueCommentPush(tx, local, this.deps.clock));
    counts.pushed += 1;
  }

  /** Pushes of one comment run one at a time in this process (create vs edit/delete races). */
  private readonly pushing = new Map<string, Promise<void>>();

  /** Every comment of the file, replies included (one listing, §3 include=owner,replies). */
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
        if (topLocal && !known.unchanged(reply))
          await this.upsertRemote(orgId, versionId, reply, topLocal, conn, counts);
      }
    }
    this.lastListed.set(`${orgId}:${fileId}`, startedAt);
    await this.tombstoneMissing(orgId, versionId, seen, counts);
    await this.pushUnlinked(orgId, versionId, counts);
    return counts;
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
        // preroll is where a preroll comment is edited; only Frame.io's own comments take remote edits.
        if (local.source !== 'frameio') return { row: local };
        const patch: Partial<CommentRow> = { updated_at: now };
        if (remote.text !== local.body) {
          patch.body = remote.text;
          patch.edited_at = remote.text_edited_at ?? now;
        }
        if (!parent && frame !== local.frame) patch.frame = frame;
        if (Object.keys(patch).length === 1) return { row: local };
        await tx.comments.update(orgId, local.id, patch);
        counts.updated += 1;
        return { row: { ...local, ...patch } as CommentRow, event: 'comment.updated' as const };
      }
      // Our own write whose link is not committed yet (the echo won the race): claim it.
      const mine = await this.findPendingCreate(tx, orgId, versionId, remote, conn);
      if (mine) {
        // remote_name is what Frame.io holds; if it is an older text, the pending push sends the edit.
        await repos.links.upsert(this.commentLink(orgId, mine.id, remote, remote.text, now));
        await repos.commentSync.setCreateText(orgId, mine.id, null, now);
        counts.linked += 1;
        return { row: mine };
      }
      const version = await tx.versions.findById(orgId, versionId);
      if (!version) return { row: undefined };
      const row: CommentRow = {
        id: newId(),
        org_id: orgId,
        version_id: versionId,
        deliverable_id: version.deliverable_id,
        parent_id: parent?.id ?? null,
        author_type: 'external',
        author_user_id: null,
        author_portal_user_id: null,
        author_name: remote.owner?.name ?? 'Frame.io user',
        body: remote.text,
        visibility: parent?.visibility ?? 'client',
        frame,
        duration_frames: parent ? parent.duration_frames : (remote.duration ?? null),
        source: 'frameio',
        edited_at: remote.text_edited_at ?? null,
        deleted_at: null,
        created_at: remote.created_at ?? now,
        updated_at: now,
      };
      await tx.comments.insert(row);
      await repos.links.upsert(this.commentLink(orgId, row.id, remote, null, now));
      await repos.commentSync.set(orgId, row.id, 'synced', null, now);
      counts.created += 1;
      return { row, event: 'comment.created' as const };
    });
    if (result.event && result.row) await this.publish(result.event, result.row);
    return result.row;
  }

  private commentLink(
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
      if (
        (sent.get(c.id) ?? remoteTextOf(c, parent)) !== remote.text &&
        remoteTextOf(c, parent) !== remote.text
      )
        continue;
      const ts = typeof remote.timestamp === 'number' ? remote.timestamp : null;
      if (framestampOf(c.frame) !== ts) continue;
      if (await repos.links.find(orgId, 'comment', c.id, 'comment')) continue;
      return c;
    }
    return undefined;
  }

  /** Linked local comments whose remote comment is gone: tombstones (a delete twice is a no-op). */
  private async tombstoneMissing(
    orgId: string,
    versionId: string,
    seen: Set<string>,
    counts: ReconcileCounts,
  ) {
    const linked = await this.linkedComments(orgId, versionId);
    for (const { comment, link } of linked) {
      if (seen.has(link.remote_id) || comment.deleted_at) continue;
      const done = await this.deps.store.transaction(async (tx) => {
        const fresh = await tx.comments.findById(orgId, comment.id);
        if (!fresh || fresh.deleted_at) return undefined;
        const sync = await frameioRepos(tx).commentSync.find(orgId, comment.id);
        if (sync?.state === 'pending') return undefined;
        const now = this.deps.clock.now().toISOString();
        await tx.comments.update(orgId, comment.id, { deleted_at: now, body: '', updated_at: now });
        await frameioRepos(tx).links.delete(orgId, link.id);
        return { ...fresh, deleted_at: now, body: '', updated_at: now };
      });
      if (done) {
        counts.deleted += 1;
        await this.publish('comment.deleted', done);
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

  private async linkedComments(orgId: string, versionId: string) {
    const rows = await this.deps.store.executor
      .selectFrom('frameio_links')
      .innerJoin('comments', 'comments.id', 'frameio_links.local_id')
      .selectAll('frameio_links')
      .select(['comments.deleted_at as c_deleted_at'])
      .where('frameio_links.org_id', '=', orgId)
      .where('frameio_links.local_type', '=', 'comment')
      .where('comments.version_id', '=', versionId)
      .execute();
    return rows.map(({ c_deleted_at, ...link }) => ({
      link: link as FrameioLinkRow,
      comment: { id: link.local_id, deleted_at: c_deleted_at },
    }));
  }

  // ---- outbound ------------------------------------------------------------------------------

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
    const org = await store.organizations.findById(orgId);
    const allowed = comment.visibility === 'client' || readSyncInternal(org?.settings_json);
    const now = () => this.deps.clock.now().toISOString();
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
    const text = remoteTextOf(comment, parent);
    const timestamp = framestampOf(comment.frame);
    if (link) {
      if (link.remote_name !== text) {
        const updated = await client.comments.update(accountId, link.remote_id, { text });
        await repos.links.upsert({
          ...link,
          remote_name: text,
          remote_updated_at: updated.updated_at,
          updated_at: now(),
        });
      }
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
          },
          {
            // After an ambiguous failure: re-create only if our comment is not there (§ retry policy).
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
        ...this.commentLink(orgId, comment.id, remote, remote.text, now()),
        ...(existing ? { id: existing.id } : {}),
      });
      await r.commentSync.set(orgId, comment.id, 'synced', null, now());
      await r.commentSync.setCreateText(orgId, comment.id, null, now());
    });
    // Deleted (or hidden) while the create was in flight: send that too, now that the id is known.
    const latest = await store.comments.findById(orgId, comment.id);
    if (again && latest && (latest.deleted_at || latest.visibility !== comment.visibility))
      await this.pushNow(orgId, commentId, client, conn, attempt, false);
  }
}

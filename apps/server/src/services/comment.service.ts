import type { CommentStatusFilter, CreateCommentBody, UpdateCommentBody } from '@preroll/contracts/comments';
import type { CommentSource, CommentVisibility } from '../db/schema.ts';
import { type Actor, isAtLeast } from '../lib/actor.ts';
import { forbidden, notFound, unprocessable } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import type { CommentRow } from '../repositories/comment.repository.ts';
import type { Store } from '../repositories/store.ts';
import { linkCarriedOrigins } from './carried-origins.ts';
import { buildThreads, type CommentViewer, presentComment } from './comment-presenter.ts';
import {
  authoredBy,
  type CompletionFields,
  checkRange,
  completionOf,
  drawingNeedsFrame,
  noRate,
  OPEN,
  positionOf,
  replyCannotComplete,
} from './comment-rules.ts';
import { commentViewerOf } from './comment-timeline.service.ts';
import type { CommentChange } from './domain-hooks.ts';
import type { ServiceDeps } from './service-deps.ts';
import { VersionService } from './version.service.ts';
import { timingOf } from './version-timing.ts';

/** A comment written outside preroll (by a Frame.io reviewer), as an integration hands it over. */
export interface ExternalCommentInput {
  orgId: string;
  versionId: string;
  /** The thread it answers: a reply takes the parent's frame, duration and visibility. */
  parent: CommentRow | null;
  authorName: string;
  body: string;
  frame: number | null;
  durationFrames: number | null;
  source: CommentSource;
  /** Done in Frame.io: when and by whom (the reviewer's name), or null while open. */
  completed: CompletionFields | null;
  editedAt: string | null;
  createdAt: string | null;
}

/**
 * Comments on a version: threads one level deep, positioned by integer frame at the version's
 * exact rate, internal or client-visible, edited in place and deleted as tombstones.
 *
 * Decisions: a new comment defaults to `client` visibility for everyone (portal users may only
 * post `client`); the body may be edited only by its author, while any team member may move a
 * thread or change its visibility (except hiding a thread a client took part in); delete is for the author or an admin and keeps a tombstone
 * (`deleted_at` set, body emptied to '' in the database).
 */
export class CommentService {
  private readonly versions: VersionService;

  constructor(private readonly deps: ServiceDeps) {
    this.versions = new VersionService(deps);
  }

  async list(actor: Actor, versionId: string, status: CommentStatusFilter = 'all') {
    const version = await this.versions.visibleVersion(actor, versionId);
    const rows = await this.deps.store.comments.listForVersion(
      actor.orgId,
      version.id,
      actor.kind === 'portal' ? 'client' : undefined,
    );
    const threads = buildThreads(rows, timingOf(version), await this.viewer(actor));
    await linkCarriedOrigins(this.deps.store, actor, threads);
    if (status === 'all') return threads;
    return threads.filter((t) => t.completed === (status === 'done'));
  }

  async create(actor: Actor, versionId: string, input: CreateCommentBody) {
    if (actor.kind === 'portal' && input.visibility === 'internal') {
      throw forbidden(
        'Clients can only post comments the team and the client both see',
        'visibility_not_allowed',
      );
    }
    const row = await this.deps.store.transaction(async (tx) => {
      const version = await this.versions.visibleVersion(actor, versionId, tx);
      const timing = timingOf(version);
      let frame = positionOf(input, timing);
      let durationFrames = input.duration_frames ?? null;
      let visibility: CommentVisibility = input.visibility ?? 'client';
      let parentId: string | null = null;
      if (input.parent_id && input.completed !== undefined) throw replyCannotComplete();
      if (input.parent_id) {
        const parent = await this.visibleComment(tx, actor, input.parent_id);
        if (parent.version_id !== version.id || parent.parent_id !== null || parent.deleted_at !== null) {
          throw unprocessable(
            'invalid_parent_id',
            'A reply must answer a live top-level comment on the same version',
            { field: 'parent_id' },
          );
        }
        const differs =
          (frame !== null && frame !== parent.frame) ||
          (input.duration_frames !== undefined && input.duration_frames !== parent.duration_frames) ||
          (input.visibility !== undefined && input.visibility !== parent.visibility);
        if (differs) {
          throw unprocessable(
            'reply_inherits_parent',
            'A reply takes its thread’s frame, duration and visibility; leave them out',
          );
        }
        parentId = parent.id;
        frame = parent.frame;
        durationFrames = parent.duration_frames;
        visibility = parent.visibility;
      } else {
        checkRange(frame, durationFrames, timing);
      }
      if (input.drawing && frame === null) throw drawingNeedsFrame();
      const now = this.deps.clock.now().toISOString();
      const comment: CommentRow = {
        id: newId(),
        org_id: actor.orgId,
        version_id: version.id,
        deliverable_id: version.deliverable_id,
        parent_id: parentId,
        author_type: actor.kind === 'member' ? 'user' : 'portal_user',
        author_user_id: actor.kind === 'member' ? actor.userId : null,
        author_portal_user_id: actor.kind === 'portal' ? actor.portalUserId : null,
        author_name: actor.name,
        body: input.body,
        visibility,
        frame,
        duration_frames: durationFrames,
        source: 'preroll',
        carried_from: null,
        ...completionOf(OPEN, input.completed ?? false, actor, now),
        drawing_json: input.drawing ? JSON.stringify(input.drawing) : null,
        edited_at: null,
        deleted_at: null,
        created_at: now,
        updated_at: now,
      };
      await tx.comments.insert(comment);
      // Integrations (Frame.io comment sync) learn of it inside this transaction.
      await this.deps.hooks.commentChanged(tx, comment, 'created');
      return { comment, version };
    });
    await this.announce('created', row.comment);
    return presentComment(row.comment, timingOf(row.version), await this.viewer(actor));
  }

  async update(actor: Actor, commentId: string, input: UpdateCommentBody) {
    const result = await this.deps.store.transaction(async (tx) => {
      const comment = await this.visibleComment(tx, actor, commentId);
      if (comment.deleted_at !== null) throw notFound('Comment');
      const isAuthor = authoredBy(comment, actor);
      if (input.body !== undefined && !isAuthor)
        throw forbidden('Only the author can edit a comment’s text', 'not_author');
      if (input.drawing !== undefined && !isAuthor)
        throw forbidden('Only the author can change a comment’s drawing', 'not_author');
      if (actor.kind === 'portal') {
        if (!isAuthor) throw forbidden('You can only change your own comments', 'not_author');
        if (input.visibility === 'internal')
          throw forbidden('Clients cannot make a comment internal', 'visibility_not_allowed');
      }
      if (input.completed !== undefined && comment.parent_id !== null) throw replyCannotComplete();
      const moves =
        input.frame !== undefined || input.duration_frames !== undefined || input.visibility !== undefined;
      if (moves && comment.parent_id !== null) {
        throw unprocessable(
          'reply_inherits_parent',
          'A reply takes its thread’s frame and visibility; change the thread instead',
        );
      }
      if (
        input.visibility === 'internal' &&
        comment.visibility !== 'internal' &&
        (await tx.comments.threadHasPortalAuthor(actor.orgId, comment.id))
      ) {
        // Hiding a conversation from the client who took part in it would make their words vanish.
        throw forbidden(
          'A thread a client took part in stays visible to the client',
          'visibility_not_allowed',
        );
      }
      const version = await this.versions.visibleVersion(actor, comment.version_id, tx);
      const timing = timingOf(version);
      const now = this.deps.clock.now().toISOString();
      const patch: Partial<CommentRow> = { updated_at: now };
      if (input.body !== undefined && input.body !== comment.body) {
        patch.body = input.body;
        patch.edited_at = now;
      }
      if (input.visibility !== undefined) patch.visibility = input.visibility;
      if (input.frame !== undefined || input.duration_frames !== undefined) {
        const frame = input.frame !== undefined ? input.frame : comment.frame;
        if (frame !== null && !timing) throw noRate();
        if (frame === null && typeof input.duration_frames === 'number') {
          throw unprocessable('range_needs_frame', 'A general comment has no range; give it a frame first', {
            field: 'duration_frames',
          });
        }
        patch.frame = frame;
        patch.duration_frames =
          frame === null
            ? null
            : input.duration_frames !== undefined
              ? input.duration_frames
              : comment.duration_frames;
        checkRange(patch.frame, patch.duration_frames, timing);
      }
      if (input.completed !== undefined) {
        Object.assign(patch, completionOf(comment, input.completed, actor, now));
      }
      if (input.drawing !== undefined) {
        patch.drawing_json = input.drawing === null ? null : JSON.stringify(input.drawing);
        if (input.body === undefined) patch.edited_at = now;
      }
      const drawn = patch.drawing_json !== undefined ? patch.drawing_json : comment.drawing_json;
      const placed = patch.frame !== undefined ? patch.frame : comment.frame;
      if (drawn !== null && placed === null) throw drawingNeedsFrame();
      await tx.comments.update(actor.orgId, comment.id, patch);
      if (moves) {
        await tx.comments.updateReplies(actor.orgId, comment.id, {
          ...(patch.visibility !== undefined ? { visibility: patch.visibility } : {}),
          ...(patch.frame !== undefined
            ? { frame: patch.frame ?? null, duration_frames: patch.duration_frames ?? null }
            : {}),
          updated_at: now,
        });
      }
      const updated = { ...comment, ...patch } as CommentRow;
      await this.deps.hooks.commentChanged(tx, updated, 'updated');
      return { comment: updated, version };
    });
    await this.announce('updated', result.comment);
    return presentComment(result.comment, timingOf(result.version), await this.viewer(actor));
  }

  async delete(actor: Actor, commentId: string): Promise<void> {
    const deleted = await this.deps.store.transaction(async (tx) => {
      const comment = await this.visibleComment(tx, actor, commentId);
      if (comment.deleted_at !== null) throw notFound('Comment');
      const mayDelete =
        authoredBy(comment, actor) || (actor.kind === 'member' && isAtLeast(actor.role, 'admin'));
      if (!mayDelete) throw forbidden('Only the author or an admin can delete a comment', 'not_author');
      const now = this.deps.clock.now().toISOString();
      // Tombstone: the row stays so replies keep their thread; the text is not kept.
      const tombstone = { deleted_at: now, body: '', drawing_json: null, updated_at: now };
      await tx.comments.update(actor.orgId, comment.id, tombstone);
      await this.deps.hooks.commentChanged(tx, { ...comment, ...tombstone }, 'deleted');
      return comment;
    });
    await this.announce('deleted', deleted);
  }

  // ---- comments written elsewhere -----------------------------------------------------------
  // An integration (Frame.io comment sync) stores its reviewers' comments through these, inside
  // its own transaction (next to its link rows), then calls `announce` after the commit. They fire
  // no `commentChanged` (the integration that calls them is where the change came from), only
  // `externalCommentChanged`, which listeners that write nothing back (outgoing webhooks) hear.

  /** Stores a comment written outside preroll on a version (a reply when `parent` is given). */
  async recordExternal(tx: Store, input: ExternalCommentInput): Promise<CommentRow | undefined> {
    const version = await tx.versions.findById(input.orgId, input.versionId);
    if (!version) return undefined;
    const now = this.deps.clock.now().toISOString();
    const { parent } = input;
    const row: CommentRow = {
      id: newId(),
      org_id: input.orgId,
      version_id: version.id,
      deliverable_id: version.deliverable_id,
      parent_id: parent?.id ?? null,
      author_type: 'external',
      author_user_id: null,
      author_portal_user_id: null,
      author_name: input.authorName,
      body: input.body,
      // A reply takes its thread's position and visibility, as in `create`.
      visibility: parent?.visibility ?? 'client',
      frame: parent ? parent.frame : input.frame,
      duration_frames: parent ? parent.duration_frames : input.durationFrames,
      source: input.source,
      carried_from: null,
      // Replies are never done on their own; a thread's completion arrives with its top comment.
      ...(parent || !input.completed ? OPEN : input.completed),
      // Frame.io's annotation geometry has no public format: its drawings are not read.
      drawing_json: null,
      edited_at: input.editedAt,
      deleted_at: null,
      created_at: input.createdAt ?? now,
      updated_at: now,
    };
    await tx.comments.insert(row);
    await this.deps.hooks.externalCommentChanged(tx, row, 'created');
    return row;
  }

  /** Applies an edit made outside preroll (text, or a top-level comment's frame). */
  async reviseExternal(
    tx: Store,
    comment: CommentRow,
    patch: Partial<Pick<CommentRow, 'body' | 'edited_at' | 'frame' | 'duration_frames'> & CompletionFields>,
  ): Promise<CommentRow> {
    const full = { ...patch, updated_at: this.deps.clock.now().toISOString() };
    await tx.comments.update(comment.org_id, comment.id, full);
    const revised = { ...comment, ...full };
    await this.deps.hooks.externalCommentChanged(tx, revised, 'updated');
    return revised;
  }

  /** Tombstones a comment deleted outside preroll; undefined when it is gone or already deleted. */
  async tombstoneExternal(tx: Store, orgId: string, commentId: string): Promise<CommentRow | undefined> {
    const fresh = await tx.comments.findById(orgId, commentId);
    if (!fresh || fresh.deleted_at) return undefined;
    const now = this.deps.clock.now().toISOString();
    const patch = { deleted_at: now, body: '', drawing_json: null, updated_at: now };
    await tx.comments.update(orgId, commentId, patch);
    const tombstoned = { ...fresh, ...patch };
    await this.deps.hooks.externalCommentChanged(tx, tombstoned, 'deleted');
    return tombstoned;
  }

  /**
   * After the commit. No body in the event (the bus is per organization); `client_id` and
   * `visibility` let the SSE layer decide which portal users hear about it.
   */
  async announce(change: CommentChange, c: CommentRow): Promise<void> {
    await this.deps.events.publish(c.org_id, {
      type: `comment.${change}`,
      data: {
        id: c.id,
        version_id: c.version_id,
        deliverable_id: c.deliverable_id,
        parent_id: c.parent_id,
        visibility: c.visibility,
        frame: c.frame,
        client_id: await this.deps.store.versions.portalClientOf(c.org_id, c.deliverable_id),
      },
    });
  }

  /** A comment the actor may see: portal users only client-visible ones on versions they can see. */
  private async visibleComment(store: Store, actor: Actor, id: string): Promise<CommentRow> {
    const comment = await store.comments.findById(actor.orgId, id);
    if (!comment) throw notFound('Comment');
    if (actor.kind === 'portal') {
      if (comment.visibility !== 'client') throw notFound('Comment');
      await this.versions.visibleVersion(actor, comment.version_id, store).catch(() => {
        throw notFound('Comment');
      });
    }
    return comment;
  }

  private viewer(actor: Actor): Promise<CommentViewer> {
    return commentViewerOf(this.deps.store, actor);
  }
}

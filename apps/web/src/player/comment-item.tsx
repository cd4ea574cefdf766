import { COMMENT_BODY_MAX } from '@preroll/contracts/limits';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { del, patch, post } from '../api/api-client.ts';
import type { CarriedOrigin, Comment } from '../api/types.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { ErrorNotice } from '../components/form-controls.tsx';
import { CommentSyncBadge, type CommentSyncStates } from '../frameio/comment-sync-badge.tsx';
import { formatDateTime } from '../lib/format.ts';
import { CommentBody } from './comment-body.tsx';
import { CompletionToggle } from './completion-toggle.tsx';
import { type FrameClock, formatPosition, formatSpan, type PositionMode } from './frame-clock.ts';

/** Who is looking at the player: a team member (user id) or a portal contact (portal user id). */
export interface Viewer {
  kind: 'member' | 'portal';
  id: string;
}

export type Visibility = 'internal' | 'client';

function isOwn(c: Comment, viewer: Viewer): boolean {
  const type = viewer.kind === 'member' ? 'user' : 'portal_user';
  return c.author.type === type && c.author.id === viewer.id;
}

/** Puts the caret in a box the person just opened (Reply, Edit), once, when it appears. */
function focusOnMount(el: HTMLTextAreaElement | null): void {
  if (el && !el.dataset.focused) {
    el.dataset.focused = '1';
    el.focus();
  }
}

/** Ctrl+Enter (Cmd+Enter on a Mac) sends, as in the chat tools producers use. */
export function isSendKey(e: React.KeyboardEvent): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey);
}

/** One comment with its replies, reply box, and the author's edit/delete. */
export function CommentItem(props: {
  comment: Comment;
  versionId: string;
  clock: FrameClock;
  mode: PositionMode;
  viewer: Viewer;
  canChooseVisibility: boolean;
  onSeek: (frame: number) => void;
  onRefresh: () => unknown;
  isThread?: boolean;
  /** The player's frame: the thread on it is highlighted. */
  currentFrame?: number;
  /** Frame.io sync state per comment id (team members, linked versions). */
  syncStates?: CommentSyncStates;
}) {
  const { comment: c, clock, mode, viewer, canChooseVisibility, versionId } = props;
  const [editing, setEditing] = useState(false);
  const [replying, setReplying] = useState(false);
  const [draft, setDraft] = useState('');
  const [reply, setReply] = useState('');
  const own = isOwn(c, viewer);
  const update = useMutation({
    mutationFn: (b: string) => patch<Comment>(`/comments/${c.id}`, { body: b }),
    onSuccess: () => {
      setEditing(false);
      void props.onRefresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => del(`/comments/${c.id}`),
    onSuccess: () => void props.onRefresh(),
  });
  const createReply = useMutation({
    mutationFn: (b: string) =>
      post<Comment>(`/versions/${versionId}/comments`, {
        body: b,
        parent_id: c.id,
        // A reply is seen by whoever sees the thread.
        ...(canChooseVisibility ? { visibility: c.visibility } : {}),
      }),
    onSuccess: () => {
      setReply('');
      setReplying(false);
      void props.onRefresh();
    },
  });
  const sendReply = () => {
    if (reply.trim() && !createReply.isPending) createReply.mutate(reply);
  };
  const position = c.frame !== null ? formatPosition(c.frame, clock, mode) : null;
  // A range reads TC–TC (its first and last frame), as NLEs show in/out.
  const span = c.frame !== null ? formatSpan(c.frame, c.duration_frames, clock, mode) : null;
  const current =
    props.isThread &&
    c.frame !== null &&
    props.currentFrame !== undefined &&
    props.currentFrame >= c.frame &&
    props.currentFrame < c.frame + (c.duration_frames ?? 1);

  return (
    <article
      className={`comment comment--${c.visibility}${c.deleted ? ' comment--deleted' : ''}${props.isThread ? '' : ' comment--reply'}${current ? ' comment--current' : ''}${props.isThread && c.completed ? ' comment--done' : ''}`}
      aria-label={`Comment by ${c.author.name}${position ? ` at ${position}` : ''}`}
      data-comment-id={c.id}
    >
      <header className="comment__header">
        {position !== null && props.isThread ? (
          <button
            type="button"
            className="chip chip--button"
            onClick={() => props.onSeek(c.frame ?? 0)}
            aria-label={`Seek to ${position}`}
            data-frame={c.frame ?? undefined}
            data-duration-frames={c.duration_frames ?? undefined}
          >
            {span}
          </button>
        ) : null}
        <span className="comment__author">{c.author.name}</span>
        {c.source === 'frameio' ? (
          <span className="badge badge--muted" title={`Written in Frame.io by ${c.author.name}`}>
            Frame.io
          </span>
        ) : null}
        {!c.deleted ? <CommentSyncBadge sync={props.syncStates?.get(c.id)} /> : null}
        {canChooseVisibility ? (
          c.visibility === 'internal' ? (
            <span className="badge badge--internal" title="Only your team sees this">
              Internal
            </span>
          ) : (
            <span className="badge badge--client" title="The client sees this">
              Client-visible
            </span>
          )
        ) : null}
        <time className="muted small" dateTime={c.created_at}>
          {formatDateTime(c.created_at)}
        </time>
        {c.edited_at && !c.deleted ? <span className="muted small">(edited)</span> : null}
        {c.carried_origin ? <CarriedLink origin={c.carried_origin} viewer={props.viewer} /> : null}
      </header>
      {c.deleted ? (
        <p className="comment__body muted">Comment deleted.</p>
      ) : editing ? (
        <form
          className="composer composer--inline"
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.trim()) update.mutate(draft);
          }}
        >
          <textarea
            aria-label="Edit comment"
            value={draft}
            maxLength={COMMENT_BODY_MAX}
            required
            rows={3}
            ref={focusOnMount}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (isSendKey(e)) {
                e.preventDefault();
                if (draft.trim()) update.mutate(draft);
              } else if (e.key === 'Escape') setEditing(false);
            }}
          />
          <div className="composer__actions">
            <button type="submit" className="btn btn--primary btn--small" disabled={update.isPending}>
              Save
            </button>
            <button type="button" className="btn btn--ghost btn--small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
          <ErrorNotice error={update.error} />
        </form>
      ) : (
        <CommentBody body={c.body ?? ''} />
      )}
      {!c.deleted && !editing ? (
        <div className="comment__actions">
          {props.isThread ? (
            <CompletionToggle
              comment={c}
              mayToggle={viewer.kind === 'member' || own}
              onRefresh={props.onRefresh}
            />
          ) : null}
          {props.isThread ? (
            <button
              type="button"
              className="btn btn--link"
              onClick={() => setReplying((v) => !v)}
              aria-label={`Reply to ${c.author.name}`}
            >
              Reply
            </button>
          ) : null}
          {own ? (
            <>
              <button
                type="button"
                className="btn btn--link"
                onClick={() => {
                  setDraft(c.body ?? '');
                  setEditing(true);
                }}
              >
                Edit
              </button>
              <ConfirmButton
                label="Delete"
                ariaLabel="Delete comment"
                onConfirm={() => remove.mutate()}
                disabled={remove.isPending}
              />
            </>
          ) : null}
        </div>
      ) : null}
      <ErrorNotice error={remove.error} />
      {c.replies && c.replies.length > 0 ? (
        <ol className="replies" aria-label="Replies">
          {[...c.replies]
            .sort((a, b) => a.created_at.localeCompare(b.created_at))
            .map((r) => (
              <li key={r.id}>
                <CommentItem {...props} comment={r} isThread={false} />
              </li>
            ))}
        </ol>
      ) : null}
      {replying ? (
        <form
          className="composer composer--inline"
          onSubmit={(e) => {
            e.preventDefault();
            sendReply();
          }}
        >
          <textarea
            aria-label={`Reply to ${c.author.name}`}
            rows={2}
            maxLength={COMMENT_BODY_MAX}
            required
            value={reply}
            ref={focusOnMount}
            onChange={(e) => setReply(e.target.value)}
            onKeyDown={(e) => {
              if (isSendKey(e)) {
                e.preventDefault();
                sendReply();
              } else if (e.key === 'Escape') setReplying(false);
            }}
          />
          <div className="composer__actions">
            <button
              type="submit"
              className="btn btn--primary btn--small"
              disabled={!reply.trim() || createReply.isPending}
            >
              Post reply
            </button>
          </div>
          <ErrorNotice error={createReply.error} />
        </form>
      ) : null}
    </article>
  );
}

/** A carried note's way back to its original thread, on the version it came from. */
function CarriedLink({ origin, viewer }: { origin: CarriedOrigin; viewer: Viewer }) {
  const base = viewer.kind === 'portal' ? '/portal/versions' : '/versions';
  const at = origin.timecode ? ` at ${origin.timecode}` : '';
  return (
    <Link
      className="small comment__carried"
      to={`${base}/${origin.version_id}?comment=${origin.comment_id}`}
      data-testid="carried-from"
    >
      carried from v{origin.version_number}
      {at}
    </Link>
  );
}

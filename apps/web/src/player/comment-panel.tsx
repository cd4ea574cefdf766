import type { DrawingShape } from '@preroll/contracts/drawings';
import { COMMENT_BODY_MAX } from '@preroll/contracts/limits';
import { type UseQueryResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { type Ref, useImperativeHandle, useRef, useState } from 'react';
import { post } from '../api/api-client.ts';
import type { Comment } from '../api/types.ts';
import { ErrorNotice, Spinner } from '../components/form-controls.tsx';
import { useFrameioCommentSync } from '../frameio/comment-sync-badge.tsx';
import { CommentItem, isSendKey, type Viewer, type Visibility } from './comment-item.tsx';
import { filterThreads, type StatusFilter, StatusFilterControl } from './completion-toggle.tsx';
import { AudienceBadge, ComposerPosition } from './composer-position.tsx';
import type { FrameClock, PositionMode } from './frame-clock.ts';
import { MentionTextarea } from './mention-textarea.tsx';
import type { FrameRange } from './use-range-selection.ts';

export type { Viewer } from './comment-item.tsx';

export interface CommentComposerHandle {
  /** C: pin the comment to `frame` (and a range of `durationFrames`) and put the cursor in the box. */
  startAt(frame: number, durationFrames?: number | null, focus?: boolean): void;
}

/**
 * The comment column: the composer (general, or pinned to a frame by C, drawing or the position
 * choice; client-visible unless the team member picks Internal; Ctrl+Enter posts) and the
 * threads in timeline order; clicking a thread's position seeks the player there.
 */
export function CommentPanel(props: {
  ref?: Ref<CommentComposerHandle>;
  versionId: string;
  /** The threads loaded so far (the list pages; the timeline has every marker). */
  threads: Comment[];
  query: Pick<UseQueryResult, 'isPending' | 'isError' | 'error' | 'refetch'>;
  /** The next page of threads, while there is one. */
  more?: { hasMore: boolean; loading: boolean; load: () => void };
  clock: FrameClock;
  mode: PositionMode;
  viewer: Viewer;
  currentFrame: number;
  /** The player's in/out, when both are set: a new comment takes it. */
  currentRange: FrameRange | null;
  /** Shapes drawn on the frame, posted with the comment. */
  drawing: DrawingShape[];
  onDrawingPosted: () => void;
  canChooseVisibility: boolean;
  onSeek: (frame: number) => void;
}) {
  const { versionId, threads, query, clock, mode, canChooseVisibility } = props;
  const qc = useQueryClient();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState('');
  const [pinned, setPinned] = useState<FrameRange | null>(null);
  const [filter, setFilter] = useState<StatusFilter>('all');
  const [visibility, setVisibility] = useState<Visibility>('client');
  const refresh = () => qc.invalidateQueries({ queryKey: ['comments', versionId] });
  const syncStates = useFrameioCommentSync(versionId, props.viewer.kind === 'member');

  useImperativeHandle(props.ref, () => ({
    startAt(frame: number, durationFrames?: number | null, focus = true) {
      setPinned({ frame, durationFrames: durationFrames ?? 1 });
      if (focus) textRef.current?.focus();
    },
  }));

  const create = useMutation({
    mutationFn: (input: {
      body: string;
      frame?: number;
      duration_frames?: number;
      visibility?: Visibility;
      parent_id?: string;
      drawing?: { version: 1; shapes: DrawingShape[] };
    }) => post<Comment>(`/versions/${versionId}/comments`, input),
    onSuccess: refresh,
  });

  const send = () => {
    if (!body.trim() || create.isPending) return;
    const input: Parameters<typeof create.mutate>[0] = { body };
    if (pinned !== null) {
      input.frame = pinned.frame;
      if (pinned.durationFrames > 1) input.duration_frames = pinned.durationFrames;
      if (props.drawing.length > 0) input.drawing = { version: 1, shapes: props.drawing };
    }
    if (canChooseVisibility) input.visibility = visibility;
    create.mutate(input, {
      onSuccess: () => {
        setBody('');
        setPinned(null);
        if (input.drawing) props.onDrawingPosted();
      },
    });
  };

  const shown = filterThreads(threads, filter);
  const counts = {
    open: threads.filter((t) => !t.completed).length,
    done: threads.filter((t) => t.completed).length,
    all: threads.length,
  };
  return (
    <aside className="comments" aria-label="Comments">
      <div className="comments__header">
        <h2>Comments</h2>
        <span className="muted small">
          {threads.length}
          {props.more?.hasMore ? '+' : ''}
        </span>
        <StatusFilterControl value={filter} onChange={setFilter} counts={counts} />
      </div>
      <form
        className="composer"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <ComposerPosition
          pinned={pinned}
          here={props.currentRange ?? { frame: props.currentFrame, durationFrames: 1 }}
          clock={clock}
          mode={mode}
          drawingShapes={props.drawing.length}
          onChange={setPinned}
        />
        <label htmlFor="new-comment" className="sr-only">
          Comment
        </label>
        <MentionTextarea
          id="new-comment"
          ref={textRef}
          rows={3}
          value={body}
          maxLength={COMMENT_BODY_MAX}
          mentions={props.viewer.kind === 'member'}
          placeholder={
            props.viewer.kind === 'member'
              ? 'Leave a comment… @ to mention  (Ctrl+Enter to post)'
              : 'Leave a comment…  (Ctrl+Enter to post)'
          }
          onValueChange={setBody}
          onKeyDown={(e) => {
            if (isSendKey(e)) {
              e.preventDefault();
              send();
            } else if (e.key === 'Escape') {
              e.currentTarget.blur();
            }
          }}
        />
        <div className="composer__actions">
          {canChooseVisibility ? (
            <label className="inline-label">
              Visibility
              <select value={visibility} onChange={(e) => setVisibility(e.target.value as Visibility)}>
                <option value="internal">Internal (team only)</option>
                <option value="client">Client-visible</option>
              </select>
            </label>
          ) : null}
          {canChooseVisibility ? <AudienceBadge visibility={visibility} /> : null}
          <span className="composer__spacer" />
          <button
            type="submit"
            className="btn btn--primary btn--small"
            disabled={!body.trim() || create.isPending}
          >
            Post comment
          </button>
        </div>
        <ErrorNotice error={create.error} />
      </form>
      {query.isPending ? (
        <Spinner label="Loading comments" />
      ) : query.isError ? (
        <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />
      ) : threads.length === 0 ? (
        <p className="muted small comments__empty">No comments yet.</p>
      ) : shown.length === 0 ? (
        <p className="muted small comments__empty">No {filter} comments.</p>
      ) : (
        <ol className="threads" aria-label="Comment threads">
          {shown.map((c) => (
            <li key={c.id}>
              <CommentItem comment={c} {...props} syncStates={syncStates} onRefresh={refresh} isThread />
            </li>
          ))}
        </ol>
      )}
      {props.more?.hasMore && !query.isPending ? (
        <button
          type="button"
          className="btn btn--small comments__more"
          disabled={props.more.loading}
          onClick={props.more.load}
        >
          {props.more.loading ? 'Loading…' : 'Show more comments'}
        </button>
      ) : null}
    </aside>
  );
}

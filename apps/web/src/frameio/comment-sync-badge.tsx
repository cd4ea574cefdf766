import { useQuery } from '@tanstack/react-query';
import { getData } from '../api/api-client.ts';
import { type FrameioCommentSync, frameioCommentSyncKey } from './frameio-sync-types.ts';

export type CommentSyncStates = ReadonlyMap<string, FrameioCommentSync>;

const EMPTY: CommentSyncStates = new Map();

/**
 * Per-comment Frame.io sync state of a version (team members only; the server answers 403 to the
 * portal). Only comments of a version linked to a Frame.io file have a state, so an unlinked
 * version shows no badges. While a push is pending it is re-read every few seconds: the push job
 * finishing publishes no event.
 */
export function useFrameioCommentSync(versionId: string, enabled: boolean): CommentSyncStates {
  const q = useQuery({
    queryKey: frameioCommentSyncKey(versionId),
    queryFn: () => getData<FrameioCommentSync[]>(`/versions/${versionId}/frameio/comment-sync`),
    enabled,
    retry: false,
    select: (rows) => new Map(rows.map((r) => [r.comment_id, r])) as CommentSyncStates,
    refetchInterval: (query) => (query.state.data?.some((r) => r.state === 'pending') ? 3000 : false),
  });
  return q.data ?? EMPTY;
}

const LABEL: Record<FrameioCommentSync['state'], string> = {
  pending: 'Syncing to Frame.io',
  synced: 'Synced with Frame.io',
  failed: 'Frame.io sync failed',
};
const TONE: Record<FrameioCommentSync['state'], string> = { pending: 'warn', synced: 'ok', failed: 'bad' };
const SHORT: Record<FrameioCommentSync['state'], string> = {
  pending: 'Frame.io: pending',
  synced: 'Frame.io: synced',
  failed: 'Frame.io: failed',
};

/** A small badge; the reason of a failure is in its tooltip and, for screen readers, in its text. */
export function CommentSyncBadge({ sync }: { sync: FrameioCommentSync | undefined }) {
  if (!sync) return null;
  const label = sync.state === 'failed' && sync.error ? `${LABEL.failed}: ${sync.error}` : LABEL[sync.state];
  return (
    <span
      className={`badge badge--${TONE[sync.state]} comment__sync`}
      title={label}
      data-testid="comment-frameio-sync"
      data-state={sync.state}
    >
      {SHORT[sync.state]}
      {sync.state === 'failed' && sync.error ? <span className="sr-only"> ({sync.error})</span> : null}
    </span>
  );
}

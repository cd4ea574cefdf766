import { usePagedList } from '../api/queries.ts';
import type { Activity } from '../api/types.ts';
import { EmptyState, ErrorNotice, LoadMore, Spinner } from '../components/form-controls.tsx';
import { statusLabel } from '../components/status-badge.tsx';
import { formatDateTime } from '../lib/format.ts';

function describe(a: Activity): string {
  // The server's sentence names the thing (its title then); older servers sent none.
  if (a.summary) return a.summary;
  const who = a.actor?.name ?? a.actor_name ?? 'Someone';
  const { from, to } = a.data ?? {};
  if (a.action === 'status_changed' && typeof from === 'string' && typeof to === 'string') {
    return `${who} moved a ${a.subject_type.replace(/_/g, ' ')} from ${statusLabel(from)} to ${statusLabel(to)}`;
  }
  const what = a.action.replace(/[._]/g, ' ');
  const subject = a.subject_type.replace(/_/g, ' ');
  const title = ['title', 'name', 'filename', 'original_filename']
    .map((k) => a.data?.[k])
    .find((v) => typeof v === 'string');
  return `${who} ${what} ${subject}${title ? ` “${String(title)}”` : ''}`;
}

/** Who did what on an episode, newest first. */
export function ActivityFeed({ episodeId }: { episodeId: string }) {
  const feed = usePagedList<Activity>(['activity', episodeId], '/activity', { episode_id: episodeId });
  if (feed.isPending) return <Spinner />;
  if (feed.isError) return <ErrorNotice error={feed.error} onRetry={() => void feed.refetch()} />;
  if (feed.items.length === 0) return <EmptyState>Nothing has happened on this episode yet.</EmptyState>;
  return (
    <>
      <ol className="feed" aria-label="Activity">
        {feed.items.map((a) => (
          <li key={a.id} className="feed__item">
            <time className="feed__time muted" dateTime={a.created_at}>
              {formatDateTime(a.created_at)}
            </time>
            <span>{describe(a)}</span>
            {!a.summary && typeof a.data?.note === 'string' && a.data.note ? (
              <q className="feed__note">{a.data.note}</q>
            ) : null}
          </li>
        ))}
      </ol>
      <LoadMore {...feed} label="Older activity" />
    </>
  );
}

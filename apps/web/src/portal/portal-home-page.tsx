import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { getData } from '../api/api-client.ts';
import { usePagedList } from '../api/queries.ts';
import type { Show } from '../api/types.ts';
import { EmptyState, ErrorNotice, LoadMore, Spinner } from '../components/form-controls.tsx';
import { formatDate } from '../lib/format.ts';
import { VersionPoster } from '../media/version-poster.tsx';

/** What the team sent and the client has not decided yet (GET /portal/waiting). */
interface WaitingRow {
  id: string;
  title: string;
  due_date: string | null;
  episode_id: string;
  episode_title: string;
  show_title: string;
  latest_version_id: string | null;
  latest_version_number: number | null;
  /** Null until the previews job made it (the row shows a placeholder meanwhile). */
  latest_version_poster_url: string | null;
  latest_version_media_kind: 'video' | 'audio' | 'other' | null;
}

/** The portal's landing page: "waiting for your review" first, then the client's shows. */
export function PortalHomePage() {
  const waiting = useQuery({
    queryKey: ['portal-waiting'],
    queryFn: () => getData<WaitingRow[]>('/portal/waiting'),
  });
  const shows = usePagedList<Show>(['portal-shows'], '/portal/shows');
  return (
    <div className="page">
      <section aria-labelledby="waiting-h">
        <div className="page__header">
          <h1 id="waiting-h">Waiting for your review</h1>
        </div>
        {waiting.isPending ? (
          <Spinner />
        ) : waiting.isError ? (
          <ErrorNotice error={waiting.error} onRetry={() => void waiting.refetch()} />
        ) : waiting.data.length === 0 ? (
          <EmptyState>Nothing waits for you right now.</EmptyState>
        ) : (
          <ul className="list" aria-label="Waiting for your review">
            {waiting.data.map((d) => (
              <li key={d.id} className="list__row">
                <VersionPoster
                  size="card"
                  label={d.title}
                  version={
                    d.latest_version_id
                      ? {
                          poster_url: d.latest_version_poster_url,
                          media_kind: d.latest_version_media_kind ?? 'other',
                        }
                      : // Sent, but no version is ready yet: it is still being processed.
                        { status: 'processing', media_kind: 'other' }
                  }
                />
                <span className="list__spacer">
                  <strong>{d.title}</strong>{' '}
                  <span className="muted">
                    {d.show_title} · {d.episode_title}
                    {d.due_date ? ` · due ${formatDate(d.due_date)}` : ''}
                  </span>
                </span>
                {d.latest_version_id ? (
                  <Link
                    className="btn btn--primary btn--small"
                    to={`/portal/versions/${d.latest_version_id}?deliverable=${d.id}&episode=${d.episode_id}`}
                    aria-label={`Review ${d.title}`}
                  >
                    Review v{d.latest_version_number}
                  </Link>
                ) : (
                  <Link className="btn btn--small" to={`/portal/episodes/${d.episode_id}`}>
                    Open
                  </Link>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="shows-h">
        <h2 id="shows-h">Your shows</h2>
        {shows.isPending ? (
          <Spinner />
        ) : shows.isError ? (
          <ErrorNotice error={shows.error} onRetry={() => void shows.refetch()} />
        ) : shows.items.length === 0 ? (
          <EmptyState>Nothing to review yet.</EmptyState>
        ) : (
          <ul className="tiles">
            {shows.items.map((s) => (
              <li key={s.id} className="tile">
                <Link to={`/portal/shows/${s.id}`} className="tile__link">
                  {s.title}
                </Link>
                {s.description ? <p className="muted small">{s.description}</p> : null}
              </li>
            ))}
          </ul>
        )}
        <LoadMore {...shows} />
      </section>
    </div>
  );
}

import { Link, useParams } from 'react-router';
import { usePagedList } from '../api/queries.ts';
import type { Episode, Show } from '../api/types.ts';
import { Breadcrumbs } from '../components/breadcrumbs.tsx';
import { EmptyState, ErrorNotice, LoadMore, Spinner } from '../components/form-controls.tsx';
import { formatDate } from '../lib/format.ts';

export function PortalShowPage() {
  const { id = '' } = useParams();
  const episodes = usePagedList<Episode>(['portal-episodes', id], `/portal/shows/${id}/episodes`);
  // The portal has no GET /portal/shows/:id; the (cached) list of the client's shows names it.
  const shows = usePagedList<Show>(['portal-shows'], '/portal/shows');
  const title = shows.items.find((s) => s.id === id)?.title ?? 'Episodes';
  return (
    <div className="page">
      <Breadcrumbs items={[{ label: 'Your shows', to: '/portal' }, { label: title }]} />
      <div className="page__header">
        <h1>{title}</h1>
      </div>
      {episodes.isPending ? (
        <Spinner />
      ) : episodes.isError ? (
        <ErrorNotice error={episodes.error} onRetry={() => void episodes.refetch()} />
      ) : episodes.items.length === 0 ? (
        <EmptyState>No episodes to review yet.</EmptyState>
      ) : (
        <table className="table table--rows">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Episode</th>
              <th>Air date</th>
            </tr>
          </thead>
          <tbody>
            {episodes.items.map((ep) => (
              <tr key={ep.id}>
                <td className="num muted">{ep.number ?? ''}</td>
                <td>
                  <Link to={`/portal/episodes/${ep.id}`}>{ep.title}</Link>
                </td>
                <td className="muted">{formatDate(ep.air_date)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore {...episodes} />
    </div>
  );
}

import { Link } from 'react-router';
import { usePagedList } from '../api/queries.ts';
import type { Show } from '../api/types.ts';
import { EmptyState, ErrorNotice, LoadMore, Spinner } from '../components/form-controls.tsx';

export function PortalHomePage() {
  const shows = usePagedList<Show>(['portal-shows'], '/portal/shows');
  return (
    <div className="page">
      <div className="page__header">
        <h1>Your shows</h1>
      </div>
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
    </div>
  );
}

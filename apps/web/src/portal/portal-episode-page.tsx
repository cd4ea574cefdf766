import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { getData, getPage } from '../api/api-client.ts';
import { usePagedList } from '../api/queries.ts';
import type { Deliverable, Version } from '../api/types.ts';
import { Breadcrumbs } from '../components/breadcrumbs.tsx';
import { EmptyState, ErrorNotice, LoadMore, Spinner } from '../components/form-controls.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import type { PortalReviewLink } from '../frameio/frameio-types.ts';
import { formatDate, formatDateTimeWithYear } from '../lib/format.ts';
import { VersionPoster } from '../media/version-poster.tsx';

/** The portal's deliverable rows carry this client's Frame.io review links and the download switch. */
type PortalDeliverableRow = Deliverable & { review_links?: PortalReviewLink[]; may_download?: boolean };

export interface PortalEpisode {
  id: string;
  title: string;
  number: number | null;
  show: { id: string; title: string };
}

export const episodeLabel = (e: { title: string; number: number | null }) =>
  e.number === null ? e.title : `${e.number}. ${e.title}`;

/** Submitted deliverables of one episode, with the client's simplified status. */
export function PortalEpisodePage() {
  const { id = '' } = useParams();
  const episode = useQuery({
    queryKey: ['portal-episode', id],
    queryFn: () => getData<PortalEpisode>(`/portal/episodes/${id}`),
  });
  const e = episode.data;
  const list = usePagedList<PortalDeliverableRow>(
    ['portal-deliverables', id],
    `/portal/episodes/${id}/deliverables`,
  );
  return (
    <div className="page">
      <Breadcrumbs
        items={[
          { label: 'Your shows', to: '/portal' },
          ...(e ? [{ label: e.show.title, to: `/portal/shows/${e.show.id}` }] : []),
          { label: e ? episodeLabel(e) : 'Episode' },
        ]}
      />
      <div className="page__header">
        <h1>{e ? episodeLabel(e) : 'Deliverables'}</h1>
      </div>
      {list.isPending ? (
        <Spinner />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        <EmptyState>Nothing has been sent for review on this episode yet.</EmptyState>
      ) : (
        <div className="cards">
          {list.items.map((d) => (
            <PortalDeliverable key={d.id} deliverable={d} />
          ))}
        </div>
      )}
      <LoadMore {...list} />
    </div>
  );
}

function PortalDeliverable({ deliverable: d }: { deliverable: PortalDeliverableRow }) {
  const versions = useQuery({
    queryKey: ['versions', d.id],
    queryFn: () => getPage<Version>(`/deliverables/${d.id}/versions`, { limit: 50 }),
  });
  const byNewest = [...(versions.data?.data ?? [])].sort((a, b) => b.number - a.number);
  const latest = byNewest.find((v) => v.status === 'ready');
  // The poster of what the client reviews; a newer upload still processing shows as on its way.
  const shown = latest ?? byNewest.find((v) => v.status === 'processing');
  return (
    <article className="card" aria-label={`Deliverable ${d.title}`}>
      <header className="card__header">
        {shown ? <VersionPoster size="card" version={shown} label={d.title} /> : null}
        <h3>{d.title}</h3>
        <span className="badge badge--muted">{d.kind}</span>
        <StatusBadge status={d.status} />
        <span className="muted">Due {formatDate(d.due_date)}</span>
        <span className="card__spacer" />
        {latest && d.may_download ? (
          <a
            className="btn btn--small"
            href={`/api/v1/versions/${latest.id}/original`}
            download
            aria-label={`Download the original of ${d.title}`}
          >
            Download original
          </a>
        ) : null}
        {latest ? (
          <Link
            className="btn btn--primary btn--small"
            to={`/portal/versions/${latest.id}?deliverable=${d.id}&episode=${d.episode_id}`}
            aria-label={`Review ${d.title}`}
          >
            Review v{latest.number}
          </Link>
        ) : null}
      </header>
      {versions.isError ? <ErrorNotice error={versions.error} /> : null}
      <ReviewLinks title={d.title} links={d.review_links ?? []} />
    </article>
  );
}

/** Frame.io review links for this deliverable, newest version first (only this client's, unexpired). */
function ReviewLinks({ title, links }: { title: string; links: PortalReviewLink[] }) {
  if (links.length === 0) return null;
  const sorted = [...links].sort((a, b) => b.version_number - a.version_number);
  return (
    <ul className="review-links list" aria-label={`Frame.io review links for ${title}`}>
      {sorted.map((l) => (
        <li key={l.short_url} className="review-links">
          <span className="muted">Review in Frame.io (v{l.version_number})</span>
          <a
            href={l.short_url}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={`Frame.io review link for ${title} v${l.version_number}`}
          >
            {l.short_url}
          </a>
          {l.expires_at ? <span className="muted">until {formatDateTimeWithYear(l.expires_at)}</span> : null}
        </li>
      ))}
    </ul>
  );
}

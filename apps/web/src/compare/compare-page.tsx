import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { getData, getPage } from '../api/api-client.ts';
import { type Deliverable, type Version, versionFilename } from '../api/types.ts';
import { ErrorNotice, Spinner } from '../components/form-controls.tsx';
import { CompareView } from './compare-view.tsx';
import './compare.css';

/**
 * The two versions a compare opens on when the link names fewer than two: B is the one named (else
 * the newest ready one), A the ready version before it (else the one after, for v1).
 */
export function defaultPair(ready: Version[], b?: string | null): { a?: string; b?: string } {
  const byNumber = [...ready].sort((x, y) => y.number - x.number);
  const right = byNumber.find((v) => v.id === b) ?? byNumber[0];
  if (!right) return {};
  const left =
    byNumber.find((v) => v.number < right.number) ??
    [...byNumber].reverse().find((v) => v.id !== right.id) ??
    right;
  return { a: left.id, b: right.id };
}

/**
 * /deliverables/:id/compare?a=&b= (and /portal/deliverables/:id/compare for clients): two versions
 * of one deliverable under one playhead. The portal cannot read the deliverable itself (team-only),
 * so it shows no title and goes back to the portal player.
 */
export function ComparePage({ portal = false }: { portal?: boolean }) {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const deliverable = useQuery({
    queryKey: ['deliverable', id],
    queryFn: () => getData<Deliverable>(`/deliverables/${id}`),
    enabled: !portal,
  });
  const versions = useQuery({
    queryKey: ['versions', id],
    queryFn: () => getPage<Version>(`/deliverables/${id}/versions`, { limit: 50 }),
  });
  if (versions.isPending) return <Spinner label="Loading versions" />;
  if (versions.isError) return <ErrorNotice error={versions.error} onRetry={() => void versions.refetch()} />;
  const ready = versions.data.data.filter((v) => v.status === 'ready');
  const fallback = defaultPair(ready, params.get('b'));
  const a = ready.find((v) => v.id === (params.get('a') ?? fallback.a));
  const b = ready.find((v) => v.id === (params.get('b') ?? fallback.b));
  const choose = (side: 'a' | 'b', versionId: string) => {
    const next = new URLSearchParams(params);
    next.set(side, versionId);
    setParams(next, { replace: true });
  };
  const d = deliverable.data;
  // The portal player reads the episode from its link (its deliverables list); keep it for the way back.
  const episodeBack = params.get('episode') ? `&episode=${params.get('episode')}` : '';
  const picker = (side: 'a' | 'b', current: Version | undefined) => (
    <select
      aria-label={`Version on side ${side.toUpperCase()}`}
      value={current?.id ?? ''}
      onChange={(e) => choose(side, e.target.value)}
    >
      {current ? null : <option value="">Choose a version</option>}
      {[...ready]
        .sort((x, y) => y.number - x.number)
        .map((v) => (
          <option key={v.id} value={v.id}>
            v{v.number} · {versionFilename(v)}
          </option>
        ))}
    </select>
  );
  return (
    <div className="page page--wide page--player">
      <div className="page__header">
        {b ? (
          <Link
            to={portal ? `/portal/versions/${b.id}?deliverable=${id}${episodeBack}` : `/versions/${b.id}`}
            className="btn btn--ghost btn--small"
            aria-label="Back to the player"
          >
            ← Player
          </Link>
        ) : null}
        <h1>
          Compare <span className="muted">{d?.title ?? ''}</span>
        </h1>
        {picker('a', a)}
        <span className="muted">with</span>
        {picker('b', b)}
      </div>
      {ready.length < 1 ? (
        <div className="notice">No version of this deliverable is ready to play yet.</div>
      ) : null}
      {a && b ? (
        <CompareView key={`${a.id}:${b.id}`} a={a} b={b} />
      ) : ready.length > 0 ? (
        <div className="notice">
          One of the versions asked for is not a ready version of this deliverable.
        </div>
      ) : null}
    </div>
  );
}

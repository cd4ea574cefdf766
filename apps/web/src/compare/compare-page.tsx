import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { getData, getPage } from '../api/api-client.ts';
import { type Deliverable, type Version, versionFilename } from '../api/types.ts';
import { ErrorNotice, Spinner } from '../components/form-controls.tsx';
import { CompareView } from './compare-view.tsx';
import './compare.css';

/** The two versions a compare opens on when the link names none: the newest ready one and the one before. */
export function defaultPair(ready: Version[]): { a?: string; b?: string } {
  const byNumber = [...ready].sort((x, y) => y.number - x.number);
  return { a: byNumber[1]?.id ?? byNumber[0]?.id, b: byNumber[0]?.id };
}

/** /deliverables/:id/compare?a=&b=: two versions of one deliverable under one playhead. */
export function ComparePage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const deliverable = useQuery({
    queryKey: ['deliverable', id],
    queryFn: () => getData<Deliverable>(`/deliverables/${id}`),
  });
  const versions = useQuery({
    queryKey: ['versions', id],
    queryFn: () => getPage<Version>(`/deliverables/${id}/versions`, { limit: 50 }),
  });
  if (versions.isPending) return <Spinner label="Loading versions" />;
  if (versions.isError) return <ErrorNotice error={versions.error} onRetry={() => void versions.refetch()} />;
  const ready = versions.data.data.filter((v) => v.status === 'ready');
  const fallback = defaultPair(ready);
  const a = ready.find((v) => v.id === (params.get('a') ?? fallback.a));
  const b = ready.find((v) => v.id === (params.get('b') ?? fallback.b));
  const choose = (side: 'a' | 'b', versionId: string) => {
    const next = new URLSearchParams(params);
    next.set(side, versionId);
    setParams(next, { replace: true });
  };
  const d = deliverable.data;
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
            to={`/versions/${b.id}`}
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

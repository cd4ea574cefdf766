import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { getData, getPage, post } from '../api/api-client.ts';
import { useMe } from '../api/queries.ts';
import { type Deliverable, type Version, versionFilename } from '../api/types.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { ErrorNotice, Spinner } from '../components/form-controls.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { MarkerExportMenu } from '../player/marker-export-menu.tsx';
import { ReviewPlayer } from '../player/review-player.tsx';

/** The studio's review screen for one version: the player plus the producer's lifecycle actions. */
export function VersionReviewPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const qc = useQueryClient();
  const version = useQuery({ queryKey: ['version', id], queryFn: () => getData<Version>(`/versions/${id}`) });
  const deliverableId = version.data?.deliverable_id;
  const deliverable = useQuery({
    queryKey: ['deliverable', deliverableId],
    queryFn: () => getData<Deliverable>(`/deliverables/${deliverableId}`),
    enabled: Boolean(deliverableId),
  });
  // The same key as the deliverable card's version list, so it is usually cached already.
  const versions = useQuery({
    queryKey: ['versions', deliverableId],
    queryFn: () => getPage<Version>(`/deliverables/${deliverableId}/versions`, { limit: 50 }),
    enabled: Boolean(deliverableId),
  });
  const navigate = useNavigate();
  const submit = useMutation({
    mutationFn: () => post<Deliverable>(`/deliverables/${deliverableId}/submit`),
    onSuccess: (d) => {
      if (d) qc.setQueryData(['deliverable', deliverableId], d);
      void qc.invalidateQueries({ queryKey: ['deliverable', deliverableId] });
      void qc.invalidateQueries({ queryKey: ['deliverables'] });
    },
  });
  if (version.isPending || me.isPending) return <Spinner label="Loading version" />;
  if (version.isError) return <ErrorNotice error={version.error} onRetry={() => void version.refetch()} />;
  const v = version.data;
  const d = deliverable.data;
  // Compare opens on this version against the previous ready one (or the next, for v1).
  const others = (versions.data?.data ?? []).filter((o) => o.id !== v.id && o.status === 'ready');
  const compareWith =
    [...others].filter((o) => o.number < v.number).sort((x, y) => y.number - x.number)[0] ??
    [...others].sort((x, y) => x.number - y.number)[0];
  return (
    <div className="page page--wide page--player">
      <div className="page__header">
        {d ? (
          <Link
            to={`/episodes/${d.episode_id}`}
            className="btn btn--ghost btn--small"
            aria-label="Back to the episode"
          >
            ← Episode
          </Link>
        ) : null}
        <h1>
          {d?.title ?? 'Version'} <span className="muted">v{v.number}</span>
        </h1>
        {d ? <StatusBadge status={d.status} /> : null}
        {(versions.data?.data.length ?? 0) > 1 ? (
          <select aria-label="Version" value={v.id} onChange={(e) => navigate(`/versions/${e.target.value}`)}>
            {[...(versions.data?.data ?? [])]
              .sort((a, b) => b.number - a.number)
              .map((o) => (
                <option key={o.id} value={o.id} disabled={o.status !== 'ready'}>
                  v{o.number} · {versionFilename(o)}
                  {o.status !== 'ready' ? ` (${o.status})` : ''}
                </option>
              ))}
          </select>
        ) : null}
        <span className="muted small truncate">{versionFilename(v)}</span>
        {d && v.status === 'ready' && compareWith ? (
          <Link
            to={`/deliverables/${d.id}/compare?a=${compareWith.id}&b=${v.id}`}
            className="btn btn--small"
            data-testid="compare-link"
          >
            Compare
          </Link>
        ) : null}
        <div className="page__actions">
          {v.status === 'ready' ? <MarkerExportMenu versionId={v.id} canImport /> : null}
          {d?.status === 'draft' ? (
            <ConfirmButton
              tone="primary"
              label="Submit for review"
              confirmLabel="Yes, send to the client"
              disabled={submit.isPending}
              onConfirm={() => submit.mutate()}
            />
          ) : null}
          {d?.status === 'revision_requested' ? (
            <ConfirmButton
              tone="primary"
              label="Resubmit"
              confirmLabel="Yes, resubmit to the client"
              disabled={submit.isPending}
              onConfirm={() => submit.mutate()}
            />
          ) : null}
        </div>
      </div>
      <ErrorNotice error={submit.error ?? deliverable.error} />
      {v.status !== 'ready' ? (
        <div className="notice">This version is {v.status}; the player opens once it is ready.</div>
      ) : (
        <ReviewPlayer
          key={v.id}
          version={v}
          viewer={{ kind: 'member', id: me.data?.user.id ?? '' }}
          canChooseVisibility
          carryFrom={v.number > 1 ? v.number - 1 : undefined}
        />
      )}
    </div>
  );
}

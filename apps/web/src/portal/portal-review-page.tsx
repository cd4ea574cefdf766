import { REVISION_NOTE_MAX } from '@preroll/contracts/limits';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { getData, post } from '../api/api-client.ts';
import { usePagedList, usePortalMe } from '../api/queries.ts';
import type { Deliverable, Version } from '../api/types.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { ErrorNotice, Spinner } from '../components/form-controls.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { MarkerExportMenu } from '../player/marker-export-menu.tsx';
import { ReviewPlayer } from '../player/review-player.tsx';

/** The client's review: the same player (client-visible comments only), approve or ask for changes. */
export function PortalReviewPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const me = usePortalMe();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const [asking, setAsking] = useState(false);
  const version = useQuery({ queryKey: ['version', id], queryFn: () => getData<Version>(`/versions/${id}`) });
  const deliverableId = version.data?.deliverable_id ?? params.get('deliverable') ?? undefined;
  // The portal reads deliverables through its own list (GET /deliverables/:id is team-only),
  // which also gives the client's simplified status.
  const episodeId = params.get('episode') ?? '';
  const siblings = usePagedList<Deliverable>(
    ['portal-deliverables', episodeId],
    `/portal/episodes/${episodeId}/deliverables`,
    {},
    Boolean(episodeId),
  );
  const deliverable = { data: siblings.items.find((d) => d.id === deliverableId) };
  const decide = useMutation({
    mutationFn: (input: { kind: 'approve' | 'request-revision'; note?: string }) =>
      post<Deliverable>(
        `/deliverables/${deliverableId}/${input.kind}`,
        input.kind === 'request-revision' && input.note ? { note: input.note } : {},
      ),
    onSuccess: () => {
      setAsking(false);
      setNote('');
      void qc.invalidateQueries({ queryKey: ['portal-deliverables'] });
    },
  });
  if (version.isPending || me.isPending) return <Spinner label="Loading" />;
  if (version.isError) return <ErrorNotice error={version.error} onRetry={() => void version.refetch()} />;
  const v = version.data;
  const status = deliverable.data?.status;
  const decided = decide.isSuccess ? decide.variables?.kind : undefined;
  // Decisions are for what is in review; unknown status (list still loading) leaves the server to say.
  const open = !status || status === 'in_review';
  return (
    <div className="page page--wide page--player">
      <div className="page__header">
        <Link
          to={episodeId ? `/portal/episodes/${episodeId}` : '/portal'}
          className="btn btn--ghost btn--small"
          aria-label="Back to the deliverables"
        >
          ← Back
        </Link>
        <h1>
          {deliverable.data?.title ?? 'Review'} <span className="muted">v{v.number}</span>
        </h1>
        {status ? <StatusBadge status={status} /> : null}
        {deliverableId && v.status === 'ready' ? (
          <Link
            to={`/portal/deliverables/${deliverableId}/compare?b=${v.id}${episodeId ? `&episode=${episodeId}` : ''}`}
            className="btn btn--small"
            data-testid="compare-link"
          >
            Compare
          </Link>
        ) : null}
        <div className="page__actions">
          <MarkerExportMenu versionId={v.id} canImport={false} />
          <ConfirmButton
            tone="primary"
            label="Approve"
            confirmLabel="Yes, approve"
            disabled={decide.isPending || !deliverableId || !open}
            onConfirm={() => decide.mutate({ kind: 'approve' })}
          />
          <button
            type="button"
            className="btn btn--small"
            disabled={decide.isPending || !deliverableId || !open}
            onClick={() => setAsking((v) => !v)}
            aria-expanded={asking}
          >
            Request changes
          </button>
        </div>
      </div>
      {decided && !open ? (
        <div className="notice notice--ok" role="status">
          {decided === 'approve'
            ? 'Approved. Your producer has been told.'
            : 'Changes requested. Your producer has been told.'}
        </div>
      ) : null}
      <ErrorNotice error={decide.error} />
      {asking ? (
        <form
          className="panel form"
          onSubmit={(e) => {
            e.preventDefault();
            decide.mutate({ kind: 'request-revision', note });
          }}
        >
          <label htmlFor="revision-note">What should change? (optional; frame notes go in comments)</label>
          <textarea
            id="revision-note"
            rows={2}
            maxLength={REVISION_NOTE_MAX}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="form__actions">
            <button type="submit" className="btn btn--primary btn--small" disabled={decide.isPending}>
              Send request
            </button>
          </div>
        </form>
      ) : null}
      <ReviewPlayer
        key={v.id}
        version={v}
        viewer={{ kind: 'portal', id: me.data?.user.id ?? '' }}
        canChooseVisibility={false}
      />
    </div>
  );
}

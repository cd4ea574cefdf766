import type { FrameioResyncResult } from '@preroll/contracts/frameio-sync';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../api/api-client.ts';
import { ErrorNotice } from '../components/form-controls.tsx';

type ResyncCounts = FrameioResyncResult;

/** What Resync did to the approval status, or why the two still differ. */
function statusSummary(s: ResyncCounts['status']): string | null {
  const frameio = s.frameio ? `“${s.frameio}”` : 'no Status';
  switch (s.outcome) {
    case 'sent':
      return `Status ${frameio} sent to Frame.io.`;
    case 'applied':
      return `Frame.io’s Status ${frameio} applied here.`;
    case 'differs':
      return s.detail
        ? `Status not in sync: ${s.detail}.`
        : `Status differs: Frame.io shows ${frameio} while this deliverable is ${s.preroll?.replace('_', ' ') ?? 'unknown'}.`;
    default:
      return null;
  }
}

/** The status line under Resync: "In sync" only when comments and the approval status both are. */
export function resyncSummary(c: ResyncCounts): string {
  if (c.files === 0) return 'Nothing of this deliverable is in Frame.io yet.';
  const changes = c.created + c.updated + c.deleted + c.pushed;
  const status = statusSummary(c.status);
  const comments =
    changes === 0
      ? `Comments in sync (${c.files} file${c.files === 1 ? '' : 's'} checked).`
      : `Comments repaired: ${c.created} added, ${c.updated} updated, ${c.deleted} removed here; ${c.pushed} sent to Frame.io.`;
  if (changes === 0 && status === null)
    return `In sync (${c.files} file${c.files === 1 ? '' : 's'} checked).`;
  return status === null ? comments : `${comments} ${status}`;
}

/**
 * "Resync with Frame.io" (two-way comment and status sync): re-lists the remote comments of this
 * deliverable's files and converges its approval status now, repairing whatever a lost or failed
 * webhook missed instead of waiting for the periodic job. It says "in sync" only when both are.
 */
export function ResyncButton({ deliverableId, title }: { deliverableId: string; title: string }) {
  const qc = useQueryClient();
  const resync = useMutation({
    mutationFn: () => post<ResyncCounts>(`/deliverables/${deliverableId}/frameio/resync`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['comments'] }),
  });
  return (
    <>
      <button
        type="button"
        className="btn btn--small btn--ghost"
        aria-label={`Resync ${title} with Frame.io`}
        disabled={resync.isPending}
        onClick={() => resync.mutate()}
      >
        {resync.isPending ? 'Resyncing…' : 'Resync'}
      </button>
      {resync.data ? (
        <span className="muted small" role="status">
          {resyncSummary(resync.data)}
        </span>
      ) : null}
      <ErrorNotice error={resync.error} />
    </>
  );
}

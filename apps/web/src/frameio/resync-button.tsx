import type { FrameioResyncResult } from '@preroll/contracts/frameio-sync';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../api/api-client.ts';
import { ErrorNotice } from '../components/form-controls.tsx';

type ResyncCounts = FrameioResyncResult;

function summary(c: ResyncCounts): string {
  if (c.files === 0) return 'Nothing of this deliverable is in Frame.io yet.';
  const changes = c.created + c.updated + c.deleted + c.pushed;
  if (changes === 0) return `In sync (${c.files} file${c.files === 1 ? '' : 's'} checked).`;
  return `Repaired: ${c.created} added, ${c.updated} updated, ${c.deleted} removed here; ${c.pushed} sent to Frame.io.`;
}

/**
 * "Resync with Frame.io" (two-way comment sync): re-lists the remote comments of this deliverable's files now
 * and repairs whatever a lost or failed webhook missed, instead of waiting for the periodic job.
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
          {summary(resync.data)}
        </span>
      ) : null}
      <ErrorNotice error={resync.error} />
    </>
  );
}

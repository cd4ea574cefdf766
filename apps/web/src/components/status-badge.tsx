const LABELS: Record<string, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  approved: 'Approved',
  revision_requested: 'Revision requested',
  resubmitted: 'Resubmitted',
  in_review: 'In review',
  changes_requested: 'Changes requested',
  planned: 'Planned',
  in_production: 'In production',
  delivered: 'Delivered',
  processing: 'Processing',
  ready: 'Ready',
  failed: 'Failed',
};

const TONES: Record<string, string> = {
  approved: 'ok',
  delivered: 'ok',
  ready: 'ok',
  submitted: 'info',
  resubmitted: 'info',
  in_review: 'info',
  revision_requested: 'warn',
  changes_requested: 'warn',
  processing: 'muted',
  failed: 'bad',
  in_production: 'info',
};

export function statusLabel(status: string): string {
  return LABELS[status] ?? status.replace(/_/g, ' ');
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge badge--${TONES[status] ?? 'muted'}`} data-status={status}>
      {statusLabel(status)}
    </span>
  );
}

import type { DeliverableStatus } from '../db/schema.ts';

/**
 * The approval lifecycle as data:
 *   draft → submitted → approved | revision_requested → resubmitted → approved | revision_requested → …
 * A status change happens only through these actions, so every change is an explicit, logged step.
 */
export type LifecycleAction = 'submit' | 'approve' | 'request_revision';

const TRANSITIONS: Record<LifecycleAction, Partial<Record<DeliverableStatus, DeliverableStatus>>> = {
  submit: { draft: 'submitted', revision_requested: 'resubmitted' },
  approve: { submitted: 'approved', resubmitted: 'approved' },
  request_revision: { submitted: 'revision_requested', resubmitted: 'revision_requested' },
};

/** The status an action leads to from `current`, or undefined when the action is not allowed. */
export function nextStatus(
  action: LifecycleAction,
  current: DeliverableStatus,
): DeliverableStatus | undefined {
  return TRANSITIONS[action][current];
}

/** Clients decide only on what the team has put in front of them. */
export const PORTAL_ACTIONS: ReadonlySet<LifecycleAction> = new Set(['approve', 'request_revision']);

/** Drafts are the team's work in progress: clients never see them. */
export const CLIENT_VISIBLE_STATUSES: readonly DeliverableStatus[] = [
  'submitted',
  'resubmitted',
  'approved',
  'revision_requested',
];

export type ClientStatus = 'in_review' | 'approved' | 'changes_requested';

/** The portal's simpler vocabulary: a client does not care whether it is the first or fifth cut. */
export function clientStatusOf(status: DeliverableStatus): ClientStatus | null {
  switch (status) {
    case 'submitted':
    case 'resubmitted':
      return 'in_review';
    case 'approved':
      return 'approved';
    case 'revision_requested':
      return 'changes_requested';
    case 'draft':
      return null;
  }
}

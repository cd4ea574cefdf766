import { z } from 'zod';
import { nonEmptyText } from './common.ts';
import type { deliverableStatus } from './deliverables.ts';

const optionName = nonEmptyText(100);

/**
 * `PUT /api/v1/integrations/frameio/status-mapping` (two-way status sync): which option of Frame.io's
 * "Status" field stands for each deliverable status. Frame.io → preroll: `approved` approves,
 * `revision_requested` requests a revision. preroll → Frame.io: submit/resubmit sets `in_review`
 * (null: leave the field alone), approve and request-revision set theirs.
 */
export const frameioStatusMappingBody = z.strictObject({
  approved: optionName,
  revision_requested: optionName,
  in_review: optionName.nullable().optional(),
});
export type FrameioStatusMapping = {
  approved: string;
  revision_requested: string;
  in_review: string | null;
};

/** `GET|POST /api/v1/integrations/frameio/webhook`: preroll's webhook in the workspace. */
export interface FrameioWebhookStatus {
  status: 'active' | 'missing';
  url: string | null;
  created_at: string | null;
  /** Why the last registration failed (same as the card's `webhook_problem`). */
  problem?: { code: string; message: string } | null;
}

/** One row of `GET /api/v1/integrations/frameio/deliveries` (admins, newest first). */
export interface FrameioDelivery {
  id: string;
  received_at: string;
  event: string;
  resource: { type: string | null; id: string } | null;
  signature: 'valid' | 'invalid';
  processing: 'queued' | 'processed' | 'ignored' | 'failed';
  error: string | null;
  attempts: number;
  processed_at: string | null;
}

/** One row of `GET /api/v1/versions/{id}/frameio/comment-sync`. */
export interface FrameioCommentSyncState {
  comment_id: string;
  state: 'pending' | 'synced' | 'failed';
  error: string | null;
  updated_at: string;
}

/** `POST /api/v1/deliverables/{id}/frameio/resync`: what converging the deliverable's files did. */
export interface FrameioResyncResult {
  files: number;
  created: number;
  updated: number;
  deleted: number;
  linked: number;
  pushed: number;
  /** The approval status of the deliverable against its newest Frame.io file's Status field. */
  status: FrameioStatusConvergence;
}

/**
 * `in_sync`: Frame.io shows the option preroll's status maps to; `sent`: preroll's option was set
 * in Frame.io; `applied`: Frame.io's Status was a step preroll took; `differs`: neither (a Status
 * preroll cannot follow, or `detail` says what is missing in Frame.io); `no_file`: nothing uploaded.
 */
export interface FrameioStatusConvergence {
  outcome: 'in_sync' | 'sent' | 'applied' | 'differs' | 'no_file';
  /** preroll's deliverable status after the convergence. */
  preroll: z.infer<typeof deliverableStatus> | null;
  /** The Status option name the newest Frame.io file shows (after the convergence). */
  frameio: string | null;
  detail: string | null;
}

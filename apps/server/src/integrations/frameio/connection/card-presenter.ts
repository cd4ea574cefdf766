import type { FrameioCard } from '@preroll/contracts/frameio';
import type { FrameioConnectionRow } from '../repositories/connection.repository.ts';
import { describeWebhookProblem } from './webhook-problems.ts';

export type { FrameioCard };

export function presentCard(input: {
  mode: 'sandbox' | 'adobe';
  redirectUri: string;
  row: FrameioConnectionRow | undefined;
  connectedBy: { id: string; name: string } | null;
  waitingJobs: number;
  liveReviewLinks: number;
  canManage: boolean;
  /** Whether preroll's workspace webhook is registered (null before a workspace). */
  webhook?: 'active' | 'missing' | null;
}): FrameioCard {
  const { row } = input;
  return {
    mode: input.mode,
    status: row ? row.status : 'disconnected',
    redirect_uri: input.redirectUri,
    scopes: row?.scopes ?? null,
    frameio_user: row
      ? { id: row.frameio_user_id, name: row.frameio_user_name, email: row.frameio_user_email }
      : null,
    account: row?.account_id ? { id: row.account_id, name: row.account_name } : null,
    workspace: row?.workspace_id ? { id: row.workspace_id, name: row.workspace_name } : null,
    token_expires_at: row?.access_expires_at ?? null,
    last_refreshed_at: row?.last_refreshed_at ?? null,
    connected_by: input.connectedBy,
    connected_at: row?.connected_at ?? null,
    last_error: row?.last_error ?? null,
    waiting_jobs: input.waitingJobs,
    can_manage: input.canManage,
    webhook: input.webhook ?? null,
    webhook_problem: row?.workspace_id ? describeWebhookProblem(row) : null,
    live_review_links: input.liveReviewLinks,
  };
}

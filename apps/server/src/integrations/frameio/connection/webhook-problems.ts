import type { FrameioConnectionRow } from '../repositories/connection.repository.ts';

/**
 * Why preroll's workspace webhook could not be created, as stable codes (docs/api.md) with the
 * sentence the Settings card shows. Without the webhook, reconciliation still converges every
 * 5 minutes; the card says what an admin does about it.
 */
export const WEBHOOK_PROBLEM = {
  /** Frame.io answered 403: "Who can create webhooks: Account Admins only" (docs/frameio-api-notes.md, "Permissions"). */
  needsAdmin: 'frameio_webhook_needs_admin',
  /** Anything else (Frame.io down, the URL refused). */
  failed: 'frameio_webhook_failed',
} as const;

export interface WebhookProblem {
  code: string;
  message: string;
}

const MEANWHILE =
  'Until then, comments and status changes made in Frame.io reach preroll with the reconciliation every 5 minutes instead of at once.';

export function describeWebhookProblem(row: FrameioConnectionRow): WebhookProblem | null {
  if (!row.webhook_problem) return null;
  if (row.webhook_problem === WEBHOOK_PROBLEM.needsAdmin) {
    const who = row.frameio_user_name || row.frameio_user_email || 'The connected Frame.io user';
    const account = row.account_name ? ` "${row.account_name}"` : '';
    return {
      code: row.webhook_problem,
      message: `Frame.io lets only account admins create webhooks, and ${who} is not an admin of the Frame.io account${account}. A Frame.io account admin has to connect Frame.io here, or make ${who} an account admin and then click Re-create webhook. ${MEANWHILE}`,
    };
  }
  return {
    code: row.webhook_problem,
    message: `preroll could not create its Frame.io webhook. Click Re-create webhook to try again. ${MEANWHILE}`,
  };
}

import { z } from 'zod';
import { text } from './common.ts';

/** Frame.io V4 ids are UUIDs (openapi-subset.json `format: uuid`). */
const frameioId = z.uuid();

/** `PUT /api/v1/integrations/frameio/workspace` */
export const selectFrameioWorkspaceBody = z.strictObject({
  account_id: frameioId,
  workspace_id: frameioId,
});
export type SelectFrameioWorkspaceBody = z.infer<typeof selectFrameioWorkspaceBody>;

/**
 * The OAuth callback's query as IMS sends it (frameio-api-notes.md, "IMS authorize"): `code` +
 * `state`, or an RFC 6749 error. Lenient on purpose (no strictObject): IMS may add parameters, and
 * a malformed callback must still land on the Integrations page with a message rather than on a
 * JSON 400.
 */
export const frameioCallbackQuery = z.object({
  code: text(4096).optional(),
  state: text(4096).optional(),
  error: text(200).optional(),
  error_description: text(2000).optional(),
});
export type FrameioCallbackQuery = z.infer<typeof frameioCallbackQuery>;

export const frameioCardStatus = z.enum(['disconnected', 'pending', 'active', 'needs_reconnect']);
export type FrameioCardStatus = z.infer<typeof frameioCardStatus>;

/** `GET /api/v1/integrations/frameio` → `{data: FrameioCard}` (for the web card). */
export interface FrameioCard {
  mode: 'sandbox' | 'adobe';
  status: FrameioCardStatus;
  redirect_uri: string;
  scopes: string | null;
  frameio_user: { id: string; name: string; email: string } | null;
  account: { id: string; name: string | null } | null;
  workspace: { id: string; name: string | null } | null;
  token_expires_at: string | null;
  last_refreshed_at: string | null;
  connected_by: { id: string; name: string } | null;
  connected_at: string | null;
  last_error: string | null;
  waiting_jobs: number;
  can_manage: boolean;
  /** Two-way comment sync: preroll's workspace webhook; null before a workspace is picked. */
  webhook?: 'active' | 'missing' | null;
  /**
   * Why the last attempt to create that webhook failed, e.g. `frameio_webhook_needs_admin`: only
   * Frame.io account admins may create webhooks. Null when it worked (or was not tried).
   */
  webhook_problem?: { code: string; message: string } | null;
  /**
   * Review links that have not expired. They stay listed in the studio and the portal whatever
   * the connection's state (docs/frameio.md, "Review links after a disconnect").
   */
  live_review_links: number;
}

/** `GET /api/v1/integrations/frameio/workspaces` → `{data: FrameioWorkspaceList}` */
export interface FrameioWorkspaceList {
  accounts: Array<{
    id: string;
    name: string;
    roles: string[];
    workspaces: Array<{ id: string; name: string }>;
  }>;
  selected: { account_id: string | null; workspace_id: string | null };
}

/** `POST /api/v1/integrations/frameio/check` → `{data: {checks}}` */
export interface FrameioConnectionCheck {
  name: 'token' | 'account' | 'workspace' | 'write_access';
  ok: boolean;
  detail: string;
}

/** `DELETE /api/v1/integrations/frameio` → `{data: FrameioDisconnectResult}` */
export interface FrameioDisconnectResult {
  status: 'disconnected';
  tokens_revoked: boolean;
  warnings: string[];
}

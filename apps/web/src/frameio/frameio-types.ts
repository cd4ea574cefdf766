/**
 * Frame.io response shapes as the server sends them (packages/contracts/src/frameio.ts and
 * frameio-review.ts); only what the SPA reads.
 */

export type FrameioStatus = 'disconnected' | 'pending' | 'active' | 'needs_reconnect';

/** `GET /api/v1/integrations/frameio`: never carries tokens. */
export interface FrameioCard {
  mode: 'sandbox' | 'adobe';
  status: FrameioStatus;
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
}

export interface FrameioWorkspaceList {
  accounts: Array<{
    id: string;
    name: string;
    roles: string[];
    workspaces: Array<{ id: string; name: string }>;
  }>;
  selected: { account_id: string | null; workspace_id: string | null };
}

export interface FrameioConnectionCheck {
  name: 'token' | 'account' | 'workspace' | 'write_access' | string;
  ok: boolean;
  detail: string;
}

export interface FrameioDisconnectResult {
  status: 'disconnected';
  tokens_revoked: boolean;
  warnings: string[];
}

export type FrameioUploadStatus =
  | 'not_sent'
  | 'queued'
  | 'uploading'
  | 'uploaded'
  | 'transcoded'
  | 'failed'
  | 'waiting_for_reconnect';

/** `GET /api/v1/versions/:id/frameio` (also the data of the SSE `frameio.upload.state`). */
export interface FrameioVersionState {
  version_id: string;
  deliverable_id: string;
  status: FrameioUploadStatus;
  bytes_done: number;
  file_size: number;
  percent?: number;
  parts_total?: number;
  parts_done?: number;
  error: { code: string; message: string; action?: string | null } | null;
  retry_at?: string | null;
  remote_file_id: string | null;
  view_url: string | null;
  review_link: {
    short_url: string;
    expires_at?: string | null;
    passphrase_protected?: boolean;
    downloads_enabled?: boolean;
  } | null;
  started_at?: string | null;
  completed_at?: string | null;
}

/** SSE `frameio.upload.progress` (team only, at most about 2 per second per upload). */
export interface FrameioUploadProgress {
  version_id: string;
  deliverable_id: string;
  bytes_done: number;
  file_size: number;
  percent?: number;
  speed_bps: number | null;
  eta_seconds: number | null;
}

/** A review link the portal API lists on a deliverable (`review_links`). */
export interface PortalReviewLink {
  version_number: number;
  short_url: string;
  expires_at: string | null;
}

export const FRAMEIO_STATUS_LABELS: Record<FrameioStatus, string> = {
  disconnected: 'Not connected',
  pending: 'Pending: pick a workspace',
  active: 'Connected',
  needs_reconnect: 'Needs reconnect',
};

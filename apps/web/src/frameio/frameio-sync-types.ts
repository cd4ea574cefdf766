/**
 * Two-way comment sync response shapes as the server sends them
 * (apps/server/src/http/routes/frameio-sync.routes.ts, packages/contracts/src/frameio-sync.ts).
 */

/** `GET /api/v1/integrations/frameio/webhook`. */
export interface FrameioWebhookStatus {
  status: 'active' | 'missing';
  url: string | null;
  created_at: string | null;
}

/** One row of `GET /api/v1/integrations/frameio/deliveries` (admins, newest first). */
export interface FrameioDelivery {
  id: string;
  received_at: string;
  event: string;
  resource: { type: string | null; id: string } | null;
  signature: 'valid' | 'invalid';
  processing: 'queued' | 'processed' | 'ignored' | 'failed' | string;
  error: string | null;
  attempts: number;
  processed_at: string | null;
}

/** `GET|PUT /api/v1/integrations/frameio/status-mapping`: Frame.io Status option names. */
export interface FrameioStatusMapping {
  approved: string;
  revision_requested: string;
  in_review: string | null;
}

/** One row of `GET /api/v1/versions/{id}/frameio/comment-sync`. */
export interface FrameioCommentSync {
  comment_id: string;
  state: 'pending' | 'synced' | 'failed';
  error: string | null;
  updated_at: string;
}

export const FRAMEIO_WEBHOOK_KEY = ['frameio-webhook'] as const;
export const FRAMEIO_DELIVERIES_KEY = ['frameio-deliveries'] as const;
export const FRAMEIO_STATUS_MAPPING_KEY = ['frameio-status-mapping'] as const;
/**
 * Under the version's comments key, so whatever refreshes the comments (a post, an edit, SSE
 * comment.*) re-reads their sync state too.
 */
export const frameioCommentSyncKey = (versionId: string) => ['comments', versionId, 'frameio-sync'] as const;

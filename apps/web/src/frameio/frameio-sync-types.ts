/** Two-way sync response shapes: the types live in packages/contracts (the server returns them). */
export type {
  FrameioCommentSyncState as FrameioCommentSync,
  FrameioDelivery,
  FrameioStatusMapping,
  FrameioWebhookStatus,
} from '@preroll/contracts/frameio-sync';

export const FRAMEIO_WEBHOOK_KEY = ['frameio-webhook'] as const;
export const FRAMEIO_DELIVERIES_KEY = ['frameio-deliveries'] as const;
export const FRAMEIO_STATUS_MAPPING_KEY = ['frameio-status-mapping'] as const;
/**
 * Under the version's comments key, so whatever refreshes the comments (a post, an edit, SSE
 * comment.*) re-reads their sync state too.
 */
export const frameioCommentSyncKey = (versionId: string) => ['comments', versionId, 'frameio-sync'] as const;

/**
 * Frame.io response shapes as the server sends them: the types live in packages/contracts (the
 * server returns exactly these), re-exported here under the names the SPA uses.
 */
import type { FrameioCardStatus } from '@preroll/contracts/frameio';
import type { FrameioUploadProgressEvent } from '@preroll/contracts/frameio-review';

export type {
  FrameioCard,
  FrameioConnectionCheck,
  FrameioDisconnectResult,
  FrameioWorkspaceList,
} from '@preroll/contracts/frameio';
export type { FrameioUploadStatus, FrameioVersionState } from '@preroll/contracts/frameio-review';
export type { PortalReviewLink } from '@preroll/contracts/portal';

export type FrameioStatus = FrameioCardStatus;

/**
 * SSE `frameio.upload.progress` (team only, at most about 2 per second per upload), as the SPA
 * reads it: tolerant of a missing `percent` or `speed_bps` (the bar derives them), so a payload
 * from an older server never breaks the Deliverables tab.
 */
export type FrameioUploadProgress = Omit<FrameioUploadProgressEvent, 'percent' | 'speed_bps'> & {
  percent?: number | undefined;
  speed_bps: number | null;
};

export const FRAMEIO_STATUS_LABELS: Record<FrameioStatus, string> = {
  disconnected: 'Not connected',
  pending: 'Pending: pick a workspace',
  active: 'Connected',
  needs_reconnect: 'Needs reconnect',
};

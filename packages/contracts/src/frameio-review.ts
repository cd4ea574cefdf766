import { z } from 'zod';
import { text } from './common.ts';

/** `PATCH /api/v1/integrations/frameio/settings` (admins). */
export const frameioSettingsBody = z
  .strictObject({
    auto_mirror: z.boolean().optional(),
    /** Also push internal (team-only) comments to Frame.io; default false. */
    sync_internal_comments: z.boolean().optional(),
  })
  .refine((b) => b.auto_mirror !== undefined || b.sync_internal_comments !== undefined, {
    message: 'give auto_mirror and/or sync_internal_comments',
  });
export type FrameioSettingsBody = z.infer<typeof frameioSettingsBody>;

/**
 * `POST /api/v1/versions/:id/frameio/share`: a new review link with these settings (replaces the
 * version's current one). Frame.io allows passphrases up to 255 characters (frameio-api-notes.md, "Shares").
 */
export const frameioShareBody = z.strictObject({
  passphrase: text(255).min(1).optional(),
  expires_at: z.iso.datetime({ offset: true }).optional(),
  downloads: z.boolean().optional(),
});
export type FrameioShareBody = z.infer<typeof frameioShareBody>;

export type FrameioUploadStatus =
  | 'not_sent'
  | 'queued'
  | 'uploading'
  | 'uploaded'
  | 'transcoded'
  | 'failed'
  | 'waiting_for_reconnect';

/** `GET /api/v1/versions/:id/frameio` → `{data: FrameioVersionState}`. */
export interface FrameioVersionState {
  version_id: string;
  deliverable_id: string;
  status: FrameioUploadStatus;
  bytes_done: number;
  file_size: number;
  percent: number;
  parts_total: number;
  parts_done: number;
  error: { code: string; message: string; action: string } | null;
  retry_at: string | null;
  remote_file_id: string | null;
  view_url: string | null;
  review_link: {
    short_url: string;
    expires_at: string | null;
    passphrase_protected: boolean;
    downloads_enabled: boolean;
  } | null;
  started_at: string | null;
  completed_at: string | null;
}

/** SSE `frameio.upload.progress` data (team only, ≤ 2 per second per upload). */
export interface FrameioUploadProgressEvent {
  version_id: string;
  deliverable_id: string;
  bytes_done: number;
  file_size: number;
  percent: number;
  speed_bps: number;
  eta_seconds: number | null;
}

import { z } from 'zod';
import { id, nonEmptyText, pageQuery, plainString } from './common.ts';

/**
 * tus `Upload-Metadata` of a new upload, decoded. Not strict: tus clients (Uppy, tus-js-client
 * helpers) add their own keys (`name`, `type`, `relativePath`), which are ignored rather than refused.
 */
export const uploadMetadata = z.object({
  deliverable_id: id,
  filename: nonEmptyText(255).optional(),
  filetype: plainString().trim().max(255).optional(),
});
export type UploadMetadata = z.infer<typeof uploadMetadata>;

export const versionParams = z.strictObject({ id });
export const deliverableVersionsParams = z.strictObject({ id });
export const listVersionsQuery = z.strictObject({ ...pageQuery });

/** Whether a version plays from a proxy (docs/uploads-and-review.md, "What plays"). */
export type ProxyStatus = 'not_needed' | 'pending' | 'processing' | 'ready' | 'failed';

/** The media pipeline step running now, with its progress (null fields: not known yet). */
export interface VersionProcessing {
  stage: 'analysing' | 'transcoding' | 'previews';
  percent: number | null;
  eta_seconds: number | null;
}

/** What a version gains from the media pipeline (part of every version response). */
export interface VersionPlayback {
  /** The proxy when there is one, else the original when it plays in browsers; null otherwise. */
  playback_url: string | null;
  proxy_status: ProxyStatus;
  /** Why the proxy failed, as a sentence; null unless failed. */
  proxy_error: string | null;
  poster_url: string | null;
  /** WebVTT whose cues name tiles of the thumbnail sprite (`thumbnails.jpg#xywh=x,y,w,h`). */
  thumbnails_vtt_url: string | null;
  waveform_url: string | null;
  processing: VersionProcessing | null;
}

/** `GET /api/v1/versions/{id}/waveform.json`: the loudest sample (0..1) of each slice of audio. */
export interface WaveformPeaks {
  sample_rate: number;
  samples_per_peak: number;
  seconds_per_peak: number;
  peaks: number[];
}

/** The realtime events of the media pipeline (data; `client_id` is for portal filtering). */
export interface VersionProcessingEvent extends VersionProcessing {
  id: string;
  deliverable_id: string;
}

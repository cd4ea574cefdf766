import { z } from 'zod';
import { drawing } from '../drawings.ts';
import { timestamp } from './envelope.ts';

/**
 * The media pipeline's part of every version response (`VersionPlayback` in versions.ts,
 * docs/api.md "Versions"): what plays, the proxy's state, the previews' URLs (null until made)
 * and the step running now.
 */
export const versionPlaybackFields = {
  playback_url: z.string().nullable(),
  proxy_status: z.enum(['not_needed', 'pending', 'processing', 'ready', 'failed']),
  proxy_error: z.string().nullable(),
  poster_url: z.string().nullable(),
  thumbnails_vtt_url: z.string().nullable(),
  waveform_url: z.string().nullable(),
  processing: z
    .object({
      stage: z.enum(['analysing', 'transcoding', 'previews']),
      percent: z.number().nullable(),
      eta_seconds: z.number().nullable(),
    })
    .nullable(),
};

/** `GET /versions/{id}/waveform.json` (`WaveformPeaks`): the loudest sample (0..1) of each slice. */
export const waveformView = z.object({
  sample_rate: z.number().int(),
  samples_per_peak: z.number().int(),
  seconds_per_peak: z.number(),
  peaks: z.array(z.number().min(0).max(1)),
});

const commenter = z.object({
  type: z.enum(['user', 'portal_user', 'external']),
  id: z.string().nullable(),
  name: z.string(),
});

/** The review tools' part of every comment: done (complete / reopen) and the frame's drawing. */
export const commentReviewFields = {
  completed: z.boolean(),
  completed_at: timestamp.nullable(),
  /** Named as the viewer may see them (clients may see "Production team", with no id). */
  completed_by: commenter.nullable(),
  drawing: drawing.nullable(),
};

import type { VersionPlayback } from '@preroll/contracts/versions';
import { formatFrameRate, frameRateLabel, framesToSeconds, framesToTimecode } from '@preroll/timecode';
import type { Actor } from '../lib/actor.ts';
import type { VersionRow } from '../repositories/version.repository.ts';
import { timingOf } from './version-timing.ts';

/** The API shape of a version: stored facts plus the derived, human-facing ones. */
export function presentVersion(v: VersionRow, actor: Actor) {
  const timing = timingOf(v);
  const durationSeconds =
    timing && v.duration_frames !== null
      ? framesToSeconds(v.duration_frames, timing.rate)
      : v.duration_ms !== null
        ? v.duration_ms / 1000
        : null;
  return {
    id: v.id,
    deliverable_id: v.deliverable_id,
    number: v.number,
    status: v.status,
    filename: v.original_filename,
    content_type: mediaContentType(v),
    size: Number(v.size_bytes),
    sha256: v.sha256,
    media_kind: v.media_kind,
    frame_rate: timing ? formatFrameRate(timing.rate) : null,
    frame_rate_label: timing ? frameRateLabel(timing.rate) : null,
    duration_seconds: durationSeconds,
    duration_frames: v.duration_frames,
    start_frame: v.start_frame,
    start_timecode: timing
      ? framesToTimecode(0, timing.rate, { startFrame: timing.startFrame, dropFrame: timing.dropFrame })
      : null,
    drop_frame: v.drop_frame === 1,
    width: v.width,
    height: v.height,
    probe_error: v.probe_error,
    // Team members' ids stay inside the team.
    uploaded_by: actor.kind === 'member' ? v.uploaded_by : null,
    media_url: `/api/v1/versions/${v.id}/media`,
    ...playbackOf(v),
    created_at: v.created_at,
    updated_at: v.updated_at,
  };
}

/**
 * The media pipeline's part: the proxy plays when it is ready; the original plays when the
 * playback rule said it needs none (and it is audio or video); until then nothing plays.
 */
export function playbackOf(v: VersionRow): VersionPlayback {
  const base = `/api/v1/versions/${v.id}`;
  const originalPlays =
    v.status === 'ready' &&
    v.proxy_status === 'not_needed' &&
    (v.media_kind === 'video' || v.media_kind === 'audio');
  return {
    playback_url:
      v.proxy_status === 'ready' && v.proxy_key ? `${base}/playback` : originalPlays ? `${base}/media` : null,
    proxy_status: v.proxy_status,
    proxy_error: v.proxy_status === 'failed' ? v.proxy_error : null,
    poster_url: posterUrlOf(v.id, v.poster_key),
    thumbnails_vtt_url: v.thumbnails_key ? `${base}/thumbnails.vtt` : null,
    waveform_url: v.waveform_key ? `${base}/waveform.json` : null,
    processing: v.processing_stage
      ? { stage: v.processing_stage, percent: v.processing_percent, eta_seconds: v.processing_eta_seconds }
      : null,
  };
}

/**
 * Where a version's poster is served, once the previews job made one. Whoever may see the version
 * may fetch it (VersionMediaService.preview), portal users of its client included.
 */
export function posterUrlOf(versionId: string, posterKey: string | null): string | null {
  return posterKey ? `/api/v1/versions/${versionId}/poster.jpg` : null;
}

export type PresentedVersion = ReturnType<typeof presentVersion>;

const BY_EXTENSION: Record<string, string> = {
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  avi: 'video/x-msvideo',
  mxf: 'application/mxf',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
};

/**
 * The Content-Type we serve the file with. The uploader's claim is only honoured for audio/video
 * types: serving a user-chosen `text/html` or `image/svg+xml` from our origin would be stored XSS.
 */
export function mediaContentType(v: Pick<VersionRow, 'content_type' | 'original_filename'>): string {
  const claimed = v.content_type?.toLowerCase().trim();
  if (claimed && /^(video|audio)\/[a-z0-9.+-]+$/.test(claimed)) return claimed;
  const ext = /\.([a-z0-9]+)$/i.exec(v.original_filename)?.[1]?.toLowerCase();
  return (ext && BY_EXTENSION[ext]) ?? 'application/octet-stream';
}

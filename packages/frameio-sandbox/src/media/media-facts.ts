import { type FrameRate, parseFrameRate, parseStartTimecode, supportsDropFrame } from '@preroll/timecode';
import type { MediaAnalysis, MediaFacts } from '../state/state-types.ts';
import type { FfprobeOutput, FfprobeStream, ProbeOutcome } from './media-probe.ts';

/** What the reviewer UI and the "Media Analysis" field say when nothing could be learned. */
export const MEDIA_NOTES = {
  unavailable: (path: string) =>
    `ffprobe is not available to the sandbox ("${path}" was not found): frame rate, duration and start timecode are unknown, so nothing is converted and the player cannot count frames. Install ffmpeg or set SANDBOX_FFPROBE.`,
  unreadable:
    'ffprobe could not read this file as audio or video: frame rate, duration and start timecode are unknown.',
} as const;

export const PENDING_ANALYSIS: MediaAnalysis = { state: 'pending', note: null, facts: null };

const EMPTY: MediaFacts = {
  kind: 'other',
  frame_rate: null,
  frame_count: null,
  duration_ms: null,
  start_timecode: null,
  start_frame: 0,
  drop_frame: false,
  width: null,
  height: null,
  video_codec: null,
  audio_codec: null,
  sample_rate: null,
  channels: null,
};

/** Documents, subtitles and archives are not media: ffprobe failing on them is no news. */
function isAudioVisual(mediaType: string): boolean {
  return (
    mediaType.startsWith('video/') ||
    mediaType.startsWith('audio/') ||
    mediaType.startsWith('image/') ||
    mediaType === 'application/mxf' ||
    mediaType === 'application/octet-stream'
  );
}

/** One ffprobe outcome → what the file shows. Never guesses a rate. */
export function interpretProbe(outcome: ProbeOutcome, mediaType: string, ffprobePath: string): MediaAnalysis {
  if (outcome.kind === 'unavailable')
    return { state: 'unavailable', note: MEDIA_NOTES.unavailable(ffprobePath), facts: null };
  if (outcome.kind === 'unreadable') {
    return isAudioVisual(mediaType)
      ? { state: 'unreadable', note: MEDIA_NOTES.unreadable, facts: null }
      : { state: 'probed', note: null, facts: { ...EMPTY } };
  }
  const facts = factsFrom(outcome.output);
  if (facts.kind === 'other' && isAudioVisual(mediaType))
    return { state: 'unreadable', note: MEDIA_NOTES.unreadable, facts: null };
  return { state: 'probed', note: null, facts };
}

export function factsFrom(output: FfprobeOutput): MediaFacts {
  const streams = output.streams ?? [];
  // Cover art in an audio file is a "video" stream with attached_pic: not picture media.
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audio = streams.find((s) => s.codec_type === 'audio');
  const seconds = positive(video?.duration) ?? positive(output.format?.duration) ?? positive(audio?.duration);
  const audioFacts = {
    audio_codec: audio?.codec_name ?? null,
    sample_rate: positive(audio?.sample_rate),
    channels: audio?.channels ?? null,
  };
  const formatName = output.format?.format_name ?? '';
  if (video && (formatName.endsWith('_pipe') || formatName === 'image2')) {
    return { ...EMPTY, kind: 'image', width: video.width ?? null, height: video.height ?? null };
  }
  if (video) {
    const rate = videoRate(video);
    const tag =
      video.tags?.timecode ??
      streams.find((s) => s.tags?.timecode)?.tags?.timecode ??
      output.format?.tags?.timecode ??
      null;
    const start = rate && tag ? startOf(tag, rate) : null;
    return {
      ...EMPTY,
      ...audioFacts,
      kind: 'video',
      frame_rate: rate ? { num: rate.num, den: rate.den } : null,
      frame_count: rate ? frameCount(video, seconds, rate) : null,
      duration_ms: seconds === null ? null : Math.round(seconds * 1000),
      start_timecode: start ? tag : null,
      start_frame: start?.startFrame ?? 0,
      // Frame.io shows 29.97 and 59.94 as drop-frame; a file tagged non-drop keeps its own mode.
      drop_frame: rate !== null && supportsDropFrame(rate) && (start ? start.dropFrame : true),
      width: video.width ?? null,
      height: video.height ?? null,
      video_codec: video.codec_name ?? null,
    };
  }
  if (audio) {
    return {
      ...EMPTY,
      ...audioFacts,
      kind: 'audio',
      duration_ms: seconds === null ? null : Math.round(seconds * 1000),
    };
  }
  return { ...EMPTY };
}

/**
 * r_frame_rate is exact for constant-rate video, but some containers put a timebase there
 * (90000/1); then the average rate is the better reading.
 */
function videoRate(stream: FfprobeStream): FrameRate | null {
  const real = rateOrNull(stream.r_frame_rate);
  if (real && isSaneRate(real)) return real;
  const avg = rateOrNull(stream.avg_frame_rate);
  if (avg && isSaneRate(avg)) return avg;
  return null;
}

function isSaneRate(r: FrameRate): boolean {
  const fps = r.num / r.den;
  return fps >= 1 && fps <= 240 && r.den <= 1001;
}

function rateOrNull(text: string | undefined): FrameRate | null {
  if (!text) return null;
  try {
    return parseFrameRate(text);
  } catch {
    return null; // "0/0": ffprobe knows no rate
  }
}

function frameCount(stream: FfprobeStream, seconds: number | null, rate: FrameRate): number | null {
  const counted = Number(stream.nb_frames);
  if (Number.isInteger(counted) && counted > 0) return counted;
  return seconds === null ? null : Math.round((seconds * rate.num) / rate.den);
}

function startOf(tag: string, rate: FrameRate): { startFrame: number; dropFrame: boolean } | null {
  try {
    return parseStartTimecode(tag, rate);
  } catch {
    return null; // a malformed or impossible tag (";" at 25 fps) is ignored
  }
}

function positive(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : null;
}

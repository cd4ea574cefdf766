import { type FrameRate, frameRate, parseFrameRate, parseStartTimecode } from '@preroll/timecode';
import type { MediaKind } from '../db/schema.ts';
import type { FfprobeOutput, FfprobeStream, ProbeOutcome } from '../repositories/media-probe.ts';

/** What we store about a version's media, derived from one ffprobe run. */
export interface MediaFacts {
  media_kind: MediaKind;
  frame_rate_num: number | null;
  frame_rate_den: number | null;
  duration_frames: number | null;
  duration_ms: number | null;
  start_frame: number;
  drop_frame: number;
  width: number | null;
  height: number | null;
}

/** Audio-only positions are milliseconds: a "frame" is 1 ms. */
export const AUDIO_RATE: FrameRate = frameRate(1000, 1);

const UNKNOWN: MediaFacts = {
  media_kind: 'other',
  frame_rate_num: null,
  frame_rate_den: null,
  duration_frames: null,
  duration_ms: null,
  start_frame: 0,
  drop_frame: 0,
  width: null,
  height: null,
};

/**
 * `note` / `error` are shown to users (the version's `probe_error`); `detail` is ffprobe's raw
 * text, which names server paths and codec internals, for the server log only.
 */
export type ProbeVerdict =
  | { status: 'ready'; facts: MediaFacts; note: string | null; detail?: string }
  | { status: 'failed'; facts: MediaFacts; error: string; detail?: string };

/** What users read in `probe_error`, per outcome (docs/uploads-and-review.md lists them). */
export const PROBE_MESSAGES = {
  unavailable: 'ffprobe not available on this server: the media facts could not be read',
  unreadable: 'This file could not be read as audio or video',
  timeout: 'Reading the media facts of this file took too long',
  bad_output: 'The media analyser gave an answer that could not be read',
  noStream: 'no audio or video stream found',
} as const;

/**
 * Turns an ffprobe outcome into stored facts. A missing ffprobe is not the file's fault: the
 * version is ready, just without facts (media_kind other). ffprobe refusing the file fails it.
 */
export function interpretProbe(outcome: ProbeOutcome): ProbeVerdict {
  if (outcome.kind === 'unavailable') {
    return { status: 'ready', facts: UNKNOWN, note: PROBE_MESSAGES.unavailable, detail: outcome.detail };
  }
  if (outcome.kind === 'failed') {
    return {
      status: 'failed',
      facts: UNKNOWN,
      error: PROBE_MESSAGES[outcome.reason],
      detail: outcome.detail,
    };
  }
  const facts = factsFrom(outcome.output);
  if (facts.media_kind === 'other') {
    return { status: 'failed', facts, error: PROBE_MESSAGES.noStream };
  }
  return { status: 'ready', facts, note: null };
}

export function factsFrom(output: FfprobeOutput): MediaFacts {
  const streams = output.streams ?? [];
  // Cover art in an audio file is a "video" stream with attached_pic: not picture media.
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audio = streams.find((s) => s.codec_type === 'audio');
  const seconds =
    positiveNumber(video?.duration) ??
    positiveNumber(output.format?.duration) ??
    positiveNumber(audio?.duration);
  const durationMs = seconds === null ? null : Math.round(seconds * 1000);

  if (video) {
    const rate = videoRate(video);
    const tag =
      video.tags?.timecode ??
      streams.find((s) => s.tags?.timecode)?.tags?.timecode ??
      output.format?.tags?.timecode;
    const start = rate && tag ? startOf(tag, rate) : { startFrame: 0, dropFrame: false };
    return {
      media_kind: 'video',
      frame_rate_num: rate?.num ?? null,
      frame_rate_den: rate?.den ?? null,
      duration_frames: rate ? videoFrames(video, seconds, rate) : null,
      duration_ms: durationMs,
      start_frame: start.startFrame,
      drop_frame: start.dropFrame ? 1 : 0,
      width: video.width ?? null,
      height: video.height ?? null,
    };
  }
  if (audio) {
    return {
      ...UNKNOWN,
      media_kind: 'audio',
      frame_rate_num: AUDIO_RATE.num,
      frame_rate_den: AUDIO_RATE.den,
      duration_frames: durationMs,
      duration_ms: durationMs,
    };
  }
  return { ...UNKNOWN, duration_ms: durationMs };
}

/**
 * r_frame_rate is the stream's base rate and is exact for constant-rate video, but some
 * containers report a timebase there (90000/1, 1000/1); then the average rate is the better guess.
 */
function videoRate(stream: FfprobeStream): FrameRate | null {
  const real = rateOrNull(stream.r_frame_rate);
  if (real && isSaneVideoRate(real)) return real;
  const avg = rateOrNull(stream.avg_frame_rate);
  if (avg && isSaneVideoRate(avg)) return avg;
  return real ?? avg;
}

function isSaneVideoRate(r: FrameRate): boolean {
  const fps = r.num / r.den;
  return fps >= 1 && fps <= 240 && r.den <= 1001;
}

function rateOrNull(text: string | undefined): FrameRate | null {
  if (!text) return null;
  try {
    return parseFrameRate(text);
  } catch {
    return null; // "0/0": unknown
  }
}

function videoFrames(stream: FfprobeStream, seconds: number | null, rate: FrameRate): number | null {
  const counted = Number(stream.nb_frames);
  if (Number.isInteger(counted) && counted > 0) return counted;
  if (seconds === null) return null;
  return Math.round((seconds * rate.num) / rate.den);
}

function startOf(tag: string, rate: FrameRate): { startFrame: number; dropFrame: boolean } {
  try {
    return parseStartTimecode(tag, rate);
  } catch {
    // A malformed or impossible tag (e.g. ";" at 25 fps) is ignored rather than failing the file.
    return { startFrame: 0, dropFrame: false };
  }
}

function positiveNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : null;
}

import { frameRate, framesToTimecode } from '@preroll/timecode';
import type { FfprobeOutput, FfprobeStream } from '../repositories/media-probe.ts';
import type { ProxySpec } from '../repositories/media-transcoder.ts';
import type { MediaFacts } from './media-facts.ts';

/** The highest H.264 level a browser-played original may have (4.2: 1080p at 60 fps). */
export const MAX_PLAYABLE_H264_LEVEL = 42;
/** Above this overall bit rate an original streams badly over ordinary connections. */
export const MAX_PLAYABLE_BIT_RATE = 20_000_000;
export const MAX_PLAYABLE_WIDTH = 1920;
export const MAX_PLAYABLE_HEIGHT = 1080;

const PLAYABLE_H264_PROFILES = new Set(['Constrained Baseline', 'Baseline', 'Main', 'High']);
const PLAYABLE_PIXEL_FORMATS = new Set(['yuv420p', 'yuvj420p']);
const PLAYABLE_VIDEO_AUDIO = new Set(['aac', 'mp3']);

/**
 * What a version needs to play in a browser (docs/uploads-and-review.md, "What plays"):
 * nothing (`not_needed`: the original plays, or there is nothing to play), or a proxy made
 * from `spec`. `reason` says in a sentence why a proxy is made (shown to the team while it runs).
 * `durationFrames` replaces the probed count for a variable-rate source, whose frames are
 * counted on the proxy's constant-rate timeline.
 */
export type PlaybackPlan =
  | { proxy: 'not_needed'; originalPlays: boolean }
  | { proxy: 'needed'; spec: ProxySpec; reason: string; durationFrames?: number };

export function playbackPlan(output: FfprobeOutput, facts: MediaFacts): PlaybackPlan {
  const streams = output.streams ?? [];
  const container = output.format?.format_name ?? '';
  const isMp4Family = container.split(',').some((name) => name === 'mp4' || name === 'mov');
  if (facts.media_kind === 'audio') {
    const audio = streams.find((s) => s.codec_type === 'audio');
    const playable =
      (audio?.codec_name === 'aac' && isMp4Family) || (audio?.codec_name === 'mp3' && container === 'mp3');
    return playable
      ? { proxy: 'not_needed', originalPlays: true }
      : {
          proxy: 'needed',
          spec: { kind: 'audio' },
          reason: `${audio?.codec_name ?? 'This'} audio is converted to AAC`,
        };
  }
  if (facts.media_kind !== 'video') return { proxy: 'not_needed', originalPlays: false };

  const video = streams.find(
    (s) => s.codec_type === 'video' && !s.disposition?.attached_pic,
  ) as FfprobeStream;
  const audios = streams.filter((s) => s.codec_type === 'audio');
  const timing =
    facts.frame_rate_num && facts.frame_rate_den
      ? {
          rate: frameRate(facts.frame_rate_num, facts.frame_rate_den),
          startFrame: facts.start_frame,
          dropFrame: facts.drop_frame === 1,
        }
      : null;
  const variable = isVariableRate(video);
  const why = notPlayableBecause(video, audios, container, isMp4Family, variable, output);
  if (!why) return { proxy: 'not_needed', originalPlays: true };
  const rate = timing ? `${timing.rate.num}/${timing.rate.den}` : null;
  const spec: ProxySpec = {
    kind: 'video',
    // Without a known rate every frame passes through on a 90 kHz clock.
    rate: rate ?? '90000/1',
    constantRate: variable && rate !== null,
    timecode: timing
      ? framesToTimecode(0, timing.rate, { startFrame: timing.startFrame, dropFrame: timing.dropFrame })
      : null,
    hasAudio: audios.length > 0,
  };
  const seconds = facts.duration_ms === null ? null : facts.duration_ms / 1000;
  const durationFrames =
    spec.constantRate && timing && seconds !== null
      ? Math.round((seconds * timing.rate.num) / timing.rate.den)
      : undefined;
  return { proxy: 'needed', spec, reason: why, ...(durationFrames ? { durationFrames } : {}) };
}

/** Null when the original plays as it is; else the first reason it does not, as a sentence. */
function notPlayableBecause(
  video: FfprobeStream,
  audios: FfprobeStream[],
  container: string,
  isMp4Family: boolean,
  variable: boolean,
  output: FfprobeOutput,
): string | null {
  if (!isMp4Family) return `The ${container.split(',')[0] || 'unknown'} container does not play in browsers.`;
  if (video.codec_name !== 'h264') return `${video.codec_name ?? 'This'} video does not play in browsers.`;
  if (!PLAYABLE_PIXEL_FORMATS.has(video.pix_fmt ?? '') || !PLAYABLE_H264_PROFILES.has(video.profile ?? ''))
    return `H.264 ${video.profile ?? ''} ${video.pix_fmt ?? ''} does not play in every browser.`.replace(
      / +/g,
      ' ',
    );
  if ((video.level ?? 0) > MAX_PLAYABLE_H264_LEVEL) return 'The H.264 level is above 4.2.';
  if ((video.width ?? 0) > MAX_PLAYABLE_WIDTH || (video.height ?? 0) > MAX_PLAYABLE_HEIGHT)
    return 'The picture is larger than 1080p.';
  const bitRate = Number(output.format?.bit_rate ?? video.bit_rate ?? 0);
  if (bitRate > MAX_PLAYABLE_BIT_RATE) return 'The bit rate is too high to stream.';
  const odd = audios.find((a) => !PLAYABLE_VIDEO_AUDIO.has(a.codec_name ?? ''));
  if (odd) return `${odd.codec_name ?? 'This'} audio does not play in browsers.`;
  if (variable) return 'The frame rate is variable; the proxy has a constant rate.';
  return null;
}

/**
 * A stream whose average rate differs from its nominal one by more than 0.5 % (phone footage):
 * its frames are not evenly spaced, so a frame index would not name one instant.
 */
export function isVariableRate(stream: FfprobeStream): boolean {
  const nominal = ratio(stream.r_frame_rate);
  const average = ratio(stream.avg_frame_rate);
  if (nominal === null || average === null) return false;
  return Math.abs(nominal - average) / nominal > 0.005;
}

function ratio(text: string | undefined): number | null {
  const [num, den] = (text ?? '').split('/').map(Number);
  if (!num || !den || !Number.isFinite(num / den)) return null;
  return num / den;
}

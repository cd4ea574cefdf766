import {
  type FrameRate,
  framesToSeconds,
  framesToTimecode,
  parseFrameRate,
  parseStartTimecode,
  secondsToFrame,
} from '@preroll/timecode';
import type { Version } from '../api/types.ts';

/** Everything the player needs to turn media time into the version's frames and timecode. */
export interface FrameClock {
  rate: FrameRate;
  startFrame: number;
  dropFrame: boolean;
  /** Frames in the media when the server probed it; null until the <video> metadata says. */
  durationFrames: number | null;
  /** Audio-only media counts milliseconds (rate 1000/1). */
  audio: boolean;
}

export function frameClockOf(v: Version): FrameClock {
  const audio = v.media_kind === 'audio';
  const rate = parseFrameRate(v.frame_rate ?? (audio ? '1000/1' : '25/1'));
  let startFrame = Number(v.start_frame) || 0;
  let dropFrame = Boolean(v.drop_frame);
  if (!v.start_frame && v.start_timecode) {
    try {
      const parsed = parseStartTimecode(v.start_timecode, rate);
      startFrame = parsed.startFrame;
      dropFrame = parsed.dropFrame;
    } catch {
      // A malformed tag from the file: show timecode from 00:00:00:00 rather than nothing.
    }
  }
  return { rate, startFrame, dropFrame, durationFrames: v.duration_frames ?? null, audio };
}

/** The frame on screen at media time `seconds`. */
export function frameAt(seconds: number, clock: FrameClock): number {
  return secondsToFrame(Math.max(0, Number.isFinite(seconds) ? seconds : 0), clock.rate);
}

/**
 * Where to put `video.currentTime` to show frame `frame`: the frame's midpoint, not its start.
 * Frame f occupies [f·den/num, (f+1)·den/num). Its start is a float (1001/24000 has no exact
 * binary form) and containers store timestamps in their own timebase (mp4 often 1/90000 or
 * 1/24000), so seeking exactly to the boundary can land a hair before it and the decoder shows
 * frame f-1. Half a frame (~21 ms at 23.976) of margin on each side absorbs any such rounding,
 * and secondsToFrame(midpoint) is exactly f, so the display and the picture agree.
 */
export function seekTimeOf(frame: number, clock: FrameClock): number {
  const f = Math.max(0, Math.floor(frame));
  return framesToSeconds(f, clock.rate) + framesToSeconds(1, clock.rate) / 2;
}

export type PositionMode = 'timecode' | 'frames';

export function formatPosition(frame: number, clock: FrameClock, mode: PositionMode): string {
  if (mode === 'frames') return clock.audio ? `${frame} ms` : String(frame);
  try {
    return framesToTimecode(frame, clock.rate, { dropFrame: clock.dropFrame, startFrame: clock.startFrame });
  } catch {
    return String(frame);
  }
}

/** A comment's place: its frame, or `first–last` for a range (inclusive, as NLEs show in/out). */
export function formatSpan(
  frame: number,
  durationFrames: number | null,
  clock: FrameClock,
  mode: PositionMode,
): string {
  const start = formatPosition(frame, clock, mode);
  if (!durationFrames || durationFrames <= 1) return start;
  return `${start}–${formatPosition(frame + durationFrames - 1, clock, mode)}`;
}

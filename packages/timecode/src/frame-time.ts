import type { FrameRate } from './frame-rate.ts';
import { assertFiniteNonNegative, assertFrameIndex } from './validate.ts';

/** Start of frame `frame` in seconds: frame * den / num. Exact up to one float rounding. */
export function framesToSeconds(frame: number, r: FrameRate): number {
  assertFrameIndex('frame', frame);
  // frame*den is an exact integer well past 24 h of frames, so only the division rounds.
  return (frame * r.den) / r.num;
}

/**
 * The frame on screen at `seconds`: floor(seconds * num / den), with a tolerance so that a value
 * produced by framesToSeconds maps back to the same frame instead of the one before. The
 * tolerance is 1e-9 frames plus a few ulps of the result: past 2^24 frames (1.6 days at 119.88,
 * a long live recording) one ulp exceeds 1e-9 and a fixed tolerance alone drops a frame.
 */
export function secondsToFrame(seconds: number, r: FrameRate): number {
  assertFiniteNonNegative('seconds', seconds);
  const exact = (seconds * r.num) / r.den;
  const tolerance = 1e-9 + exact * 8 * Number.EPSILON;
  return Math.floor(exact + tolerance);
}

/** The frame on screen at integer millisecond `ms` (audio-only media positions are ms). */
export function millisecondsToFrame(ms: number, r: FrameRate): number {
  assertFrameIndex('milliseconds', ms);
  // ms*num and 1000*den are exact integers, and a non-integer quotient sits at least 1/(1000*den)
  // away from the next integer, far more than one ulp, so floor of the float quotient is exact.
  return Math.floor((ms * r.num) / (1000 * r.den));
}

/**
 * The first whole millisecond inside frame `frame` (ceil of its start). Ceil, not round, so that
 * millisecondsToFrame(frameToMilliseconds(f)) === f for every rate below 1000 fps.
 */
export function frameToMilliseconds(frame: number, r: FrameRate): number {
  assertFrameIndex('frame', frame);
  const scaled = frame * 1000 * r.den;
  const ms = Math.floor(scaled / r.num);
  return ms * r.num === scaled ? ms : ms + 1;
}

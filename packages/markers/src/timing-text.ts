import { framesToTimecode, nominalFps } from '@preroll/timecode';
import type { MarkerDocument, MarkerTiming, Rational } from './marker-types.ts';
import { lengthOf } from './note-text.ts';

/** The record timecode of a frame: the version's start timecode added, `;` for drop-frame. */
export function timecodeOf(frame: number, timing: MarkerTiming): string {
  return framesToTimecode(frame, timing.rate, { startFrame: timing.startFrame, dropFrame: timing.dropFrame });
}

/** Frames the files cover: the version's length, or up to the end of the last note when unknown. */
export function coveredFrames(doc: MarkerDocument): number {
  const lastEnd = doc.notes.reduce((max, n) => Math.max(max, n.frame + lengthOf(n)), 1);
  return Math.max(doc.timing.durationFrames ?? 0, lastEnd);
}

/** The rate cannot be written as an editor's timeline rate (audio's 1000/1, 12.5 fps …). */
export class UnsupportedRateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedRateError';
  }
}

/**
 * Editors' timelines run at whole rates or their NTSC k×1000/1001 variants, with at most 120
 * timecode frames a second; anything else (audio-only positions in milliseconds, 12.5 fps) has no
 * EDL, FCPXML, xmeml or Avid spelling, so those formats refuse it rather than round it.
 */
export function assertEditorRate(timing: MarkerTiming): void {
  const { num, den } = timing.rate;
  const whole = den === 1 && num <= 120;
  const ntsc = den === 1001 && num % 1000 === 0 && num / 1000 <= 120;
  if (!whole && !ntsc) {
    throw new UnsupportedRateError(
      `${num}/${den} fps is not a timeline rate an editor can open (audio-only versions have no frames)`,
    );
  }
  nominalFps(timing.rate);
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function rational(num: bigint, den: bigint): Rational {
  if (den === 0n) throw new RangeError('rational time with a zero denominator');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den) || 1n;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

/**
 * FCPXML's spelling of `frames` frames of time, as Final Cut writes it: whole seconds as "3600s",
 * anything else over the rate's numerator ("107999892/30000s" is 107892 frames at 29.97), so
 * every time reads as a whole number of frame durations.
 */
export function formatFrameTime(frames: number, timing: Pick<MarkerTiming, 'rate'>): string {
  const scaled = BigInt(frames) * BigInt(timing.rate.den);
  const num = BigInt(timing.rate.num);
  return scaled % num === 0n ? `${scaled / num}s` : `${scaled}/${num}s`;
}

/** Parses "3600s", "1001/30000s", "0s" (and a bare "5"). Decimals ("1.5s") are read exactly. */
export function parseRationalSeconds(text: string): Rational {
  const m = /^\s*(-?\d+)(?:\/(\d+))?s?\s*$/.exec(text);
  if (m) return rational(BigInt(m[1]!), BigInt(m[2] ?? '1'));
  const d = /^\s*(-?\d+)\.(\d+)s?\s*$/.exec(text);
  if (d) {
    const scale = 10n ** BigInt(d[2]!.length);
    const whole = BigInt(d[1]!);
    const frac = BigInt(d[2]!);
    return rational(whole * scale + (d[1]!.startsWith('-') ? -frac : frac), scale);
  }
  throw new RangeError(`not an FCPXML time: "${text}"`);
}

export function addRational(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function subtractRational(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}

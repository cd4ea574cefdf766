import type { FrameRate } from './frame-rate.ts';
import {
  framesPerDay,
  frameToLabel,
  labelToFrame,
  type TimecodeBase,
  timecodeBase,
} from './timecode-base.ts';
import { assertFrameIndex } from './validate.ts';

export interface TimecodeOptions {
  /** Drop-frame display/parse. Only valid for 29.97 and 59.94. Default: false (or ';' in the input). */
  readonly dropFrame?: boolean;
  /** The media's start timecode as a frame count (see parseStartTimecode); default 0. */
  readonly startFrame?: number;
}

// HH:MM:SS then ':' (non-drop) or ';' (drop-frame) then FF; FF has 3 digits only above 100 fps.
const TIMECODE = /^(\d{2}):(\d{2}):(\d{2})([:;])(\d{2,3})$/;

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function frameDigits(base: TimecodeBase): number {
  return Math.max(2, String(base.fps - 1).length);
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/**
 * SMPTE timecode of frame index `frame`: "HH:MM:SS:FF", or "HH:MM:SS;FF" for drop-frame.
 * `startFrame` (the media's start timecode) is added first; the result wraps at 24 h like a deck.
 */
export function framesToTimecode(frame: number, r: FrameRate, opts: TimecodeOptions = {}): string {
  assertFrameIndex('frame', frame);
  const startFrame = opts.startFrame ?? 0;
  assertFrameIndex('startFrame', startFrame);
  const base = timecodeBase(r, opts.dropFrame ?? false);
  const label = frameToLabel((frame + startFrame) % framesPerDay(base), base);
  const ff = label % base.fps;
  const totalSeconds = Math.floor(label / base.fps);
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600);
  const sep = base.dropPerMinute > 0 ? ';' : ':';
  return `${pad(hh, 2)}:${pad(mm, 2)}:${pad(ss, 2)}${sep}${pad(ff, frameDigits(base))}`;
}

interface ParsedTimecode {
  readonly label: number;
  readonly base: TimecodeBase;
}

function parseTimecode(tc: string, r: FrameRate, dropFrameOpt: boolean | undefined): ParsedTimecode {
  const match = TIMECODE.exec(tc.trim());
  if (!match) {
    throw new RangeError(`not a timecode: "${tc}" (expected HH:MM:SS:FF or HH:MM:SS;FF)`);
  }
  const [, h, m, s, sep, f] = match;
  const semicolon = sep === ';';
  if (semicolon && dropFrameOpt === false) {
    throw new RangeError(`timecode "${tc}" is drop-frame (';') but dropFrame: false was requested`);
  }
  const base = timecodeBase(r, dropFrameOpt ?? semicolon);
  const hh = Number(h);
  const mm = Number(m);
  const ss = Number(s);
  const ff = Number(f);
  if (hh >= 24) throw new RangeError(`timecode "${tc}": hours must be below 24`);
  if (mm >= 60) throw new RangeError(`timecode "${tc}": minutes must be below 60`);
  if (ss >= 60) throw new RangeError(`timecode "${tc}": seconds must be below 60`);
  if (ff >= base.fps) throw new RangeError(`timecode "${tc}": frames must be below ${base.fps}`);
  if (f !== undefined && f.length !== frameDigits(base)) {
    throw new RangeError(`timecode "${tc}": frames need ${frameDigits(base)} digits at ${base.fps} fps`);
  }
  if (ss === 0 && ff < base.dropPerMinute && mm % 10 !== 0) {
    throw new RangeError(
      `timecode "${tc}" does not exist in drop-frame: labels ;00-;${pad(base.dropPerMinute - 1, 2)} are skipped at minute ${mm}`,
    );
  }
  return { label: ((hh * 60 + mm) * 60 + ss) * base.fps + ff, base };
}

/**
 * Frame index shown as `tc`, i.e. the inverse of framesToTimecode with the same options.
 * ';' before the frames implies drop-frame. A timecode earlier than the start timecode is read
 * as having crossed midnight (start 23:59:00:00, tc 00:00:10:00), which is what a deck does.
 */
export function timecodeToFrames(tc: string, r: FrameRate, opts: TimecodeOptions = {}): number {
  const startFrame = opts.startFrame ?? 0;
  assertFrameIndex('startFrame', startFrame);
  const { label, base } = parseTimecode(tc, r, opts.dropFrame);
  return mod(labelToFrame(label, base) - startFrame, framesPerDay(base));
}

/** Reads a start timecode tag (ffprobe `tags.timecode`, e.g. "01:00:00;00"). */
export function parseStartTimecode(tc: string, r: FrameRate): { startFrame: number; dropFrame: boolean } {
  const { label, base } = parseTimecode(tc, r, undefined);
  return { startFrame: labelToFrame(label, base), dropFrame: base.dropPerMinute > 0 };
}

/** Frames in 24 h of timecode at this rate and mode: the period at which timecode wraps. */
export function timecodeFramesPerDay(r: FrameRate, dropFrame = false): number {
  return framesPerDay(timecodeBase(r, dropFrame));
}

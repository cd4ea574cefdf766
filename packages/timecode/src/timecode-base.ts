import {
  type FrameRate,
  formatFrameRate,
  frameRateLabel,
  nominalFps,
  supportsDropFrame,
} from './frame-rate.ts';

// A timecode "label" is the count hh*3600*fps + mm*60*fps + ss*fps + ff: what the clock reads.
// A frame index is what the media holds. They are equal for non-drop timecode; drop-frame
// skips some labels (never frames) so that 29.97 timecode stays within ~2 frames/day of wall time.

export interface TimecodeBase {
  /** Frames per timecode second (nominal fps). */
  readonly fps: number;
  /** Labels skipped at the start of each minute not divisible by 10; 0 for non-drop. */
  readonly dropPerMinute: number;
}

export function timecodeBase(r: FrameRate, dropFrame: boolean): TimecodeBase {
  const fps = nominalFps(r);
  if (!dropFrame) return { fps, dropPerMinute: 0 };
  if (!supportsDropFrame(r)) {
    throw new RangeError(
      `drop-frame timecode is defined only for 29.97 and 59.94 fps, not ${frameRateLabel(r)} (${formatFrameRate(r)})`,
    );
  }
  // SMPTE 12M: 29.97 drops labels ;00 and ;01; 59.94 drops ;00..;03 (same ratio, doubled).
  return { fps, dropPerMinute: fps / 15 };
}

/** Labels in 24 h (NDF) or frames in 24 h of DF timecode; timecode wraps here. */
export function framesPerDay(base: TimecodeBase): number {
  return 24 * 6 * framesPerTenMinutes(base);
}

function framesPerTenMinutes(base: TimecodeBase): number {
  return base.fps * 600 - 9 * base.dropPerMinute;
}

/** Frame index (already wrapped into one day) -> label count. Integer arithmetic only. */
export function frameToLabel(frame: number, base: TimecodeBase): number {
  const { fps, dropPerMinute: drop } = base;
  if (drop === 0) return frame;
  const perTen = framesPerTenMinutes(base);
  const perMinute = fps * 60 - drop; // every minute but the first of a 10-minute block
  const tens = Math.floor(frame / perTen);
  const rest = frame % perTen;
  let minute = 0;
  let within = rest;
  if (rest >= fps * 60) {
    // Past the undropped first minute: each later minute starts at label ff = drop.
    const after = rest - fps * 60;
    minute = 1 + Math.floor(after / perMinute);
    within = (after % perMinute) + drop;
  }
  return tens * fps * 600 + minute * fps * 60 + within;
}

/** Label count -> frame index. The caller has rejected dropped labels already. */
export function labelToFrame(label: number, base: TimecodeBase): number {
  const { fps, dropPerMinute: drop } = base;
  if (drop === 0) return label;
  const totalMinutes = Math.floor(label / (fps * 60));
  return label - drop * (totalMinutes - Math.floor(totalMinutes / 10));
}

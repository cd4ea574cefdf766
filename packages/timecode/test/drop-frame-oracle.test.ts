import { describe, expect, it } from 'vitest';
import {
  type FrameRate,
  frameRate,
  framesToTimecode,
  timecodeFramesPerDay,
  timecodeToFrames,
} from '../src/index.ts';

// An independent model of SMPTE timecode: a clock that ticks one label per frame and, in
// drop-frame, jumps over ;00..;(drop-1) when a minute not divisible by 10 begins. Walking frames
// with it checks the closed-form arithmetic in src/ against the rule itself.
function nextLabel(tc: string, fps: number, drop: number): string {
  const sep = drop > 0 ? ';' : ':';
  const parts = tc.split(/[:;]/).map(Number);
  let [hh = 0, mm = 0, ss = 0, ff = 0] = parts;
  ff += 1;
  if (ff === fps) {
    ff = 0;
    ss += 1;
  }
  if (ss === 60) {
    ss = 0;
    mm += 1;
  }
  if (mm === 60) {
    mm = 0;
    hh += 1;
  }
  if (hh === 24) hh = 0;
  if (ss === 0 && ff === 0 && mm % 10 !== 0) ff = drop;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(hh)}:${two(mm)}:${two(ss)}${sep}${two(ff)}`;
}

// The drop pattern repeats every 10 minutes, so the first hour plus the last ten minutes (across
// midnight) cover every case; the property tests cover the rest of the day at random.
function walk(rate: FrameRate, fps: number, drop: number, first: number, count: number, label: string): void {
  const dropFrame = drop > 0;
  let expected = label;
  for (let frame = first; frame < first + count; frame += 1) {
    const actual = framesToTimecode(frame, rate, { dropFrame });
    // Guarded so the hot loop does not pay for an expect() per frame; a mismatch still fails loudly.
    if (actual !== expected) expect(actual, `frame ${frame}`).toBe(expected);
    const back = timecodeToFrames(actual, rate, { dropFrame });
    const wrapped = frame % timecodeFramesPerDay(rate, dropFrame);
    if (back !== wrapped) expect(back, `tc ${actual}`).toBe(wrapped);
    expected = nextLabel(expected, fps, drop);
  }
}

describe.each([
  { name: '29.97 DF', rate: frameRate(30000, 1001), fps: 30, drop: 2 },
  { name: '59.94 DF', rate: frameRate(60000, 1001), fps: 60, drop: 4 },
  { name: '29.97 NDF', rate: frameRate(30000, 1001), fps: 30, drop: 0 },
  { name: '25 NDF', rate: frameRate(25), fps: 25, drop: 0 },
])('timecode at $name matches a ticking clock', ({ rate, fps, drop }) => {
  const sep = drop > 0 ? ';' : ':';
  // Ten minutes of frames from the rule itself: 9 of every 10 minutes lose `drop` labels.
  const tenMinutes = fps * 600 - 9 * drop;

  it('for the first hour', () => {
    walk(rate, fps, drop, 0, 6 * tenMinutes + 1, `00:00:00${sep}00`);
  });

  it('for the last ten minutes and across midnight', () => {
    const day = 144 * tenMinutes;
    expect(timecodeFramesPerDay(rate, drop > 0)).toBe(day);
    walk(rate, fps, drop, day - tenMinutes, tenMinutes + 2 * fps * 60, `23:50:00${sep}00`);
  });
});

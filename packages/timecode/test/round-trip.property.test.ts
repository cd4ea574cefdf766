import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  frameRate,
  framesToSeconds,
  framesToTimecode,
  frameToMilliseconds,
  fromFrameioFramestamp,
  millisecondsToFrame,
  nominalFps,
  secondsToFrame,
  timecodeFramesPerDay,
  timecodeToFrames,
  toFrameioFramestamp,
} from '../src/index.ts';
import { COMMON_RATES } from './common-rates.ts';

const RUNS = { numRuns: 1000 };

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

describe.each(COMMON_RATES)('round trips at $name over 24 h', ({ rate, dropFrame }) => {
  const day = timecodeFramesPerDay(rate, dropFrame);
  const fps = nominalFps(rate);
  const drop = dropFrame ? fps / 15 : 0;
  const frameInDay = fc.integer({ min: 0, max: day - 1 });

  it('frames -> timecode -> frames, with any start timecode', () => {
    fc.assert(
      fc.property(frameInDay, frameInDay, (frame, startFrame) => {
        const opts = { dropFrame, startFrame };
        expect(timecodeToFrames(framesToTimecode(frame, rate, opts), rate, opts)).toBe(frame);
      }),
      RUNS,
    );
  });

  it('timecode -> frames -> timecode for every valid label', () => {
    // Fields are drawn independently of the implementation; labels drop-frame skips are discarded.
    const fields = fc
      .record({
        hh: fc.integer({ min: 0, max: 23 }),
        mm: fc.integer({ min: 0, max: 59 }),
        ss: fc.integer({ min: 0, max: 59 }),
        ff: fc.integer({ min: 0, max: fps - 1 }),
      })
      .filter(({ mm, ss, ff }) => !(ss === 0 && ff < drop && mm % 10 !== 0));
    fc.assert(
      fc.property(fields, ({ hh, mm, ss, ff }) => {
        const tc = `${pad(hh, 2)}:${pad(mm, 2)}:${pad(ss, 2)}${dropFrame ? ';' : ':'}${pad(ff, 2)}`;
        const frame = timecodeToFrames(tc, rate, { dropFrame });
        expect(frame).toBeGreaterThanOrEqual(0);
        expect(frame).toBeLessThan(day);
        expect(framesToTimecode(frame, rate, { dropFrame })).toBe(tc);
      }),
      RUNS,
    );
  });

  it('frames -> seconds -> frames', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: day }), (frame) => {
        expect(secondsToFrame(framesToSeconds(frame, rate), rate)).toBe(frame);
      }),
      RUNS,
    );
  });

  it('a time inside a frame maps to that frame', () => {
    fc.assert(
      fc.property(frameInDay, fc.double({ min: 0.001, max: 0.999, noNaN: true }), (frame, fraction) => {
        const seconds = ((frame + fraction) * rate.den) / rate.num;
        expect(secondsToFrame(seconds, rate)).toBe(frame);
      }),
      RUNS,
    );
  });

  it('frames -> milliseconds -> frames', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: day }), (frame) => {
        expect(millisecondsToFrame(frameToMilliseconds(frame, rate), rate)).toBe(frame);
      }),
      RUNS,
    );
  });

  it('frame -> Frame.io framestamp -> frame', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: day }), (frame) => {
        const framestamp = toFrameioFramestamp(frame);
        expect(framestamp).toBe(frame + 1);
        expect(fromFrameioFramestamp(framestamp)).toBe(frame);
      }),
      RUNS,
    );
  });
});

describe('frames -> seconds -> frames beyond a day (long recordings)', () => {
  it.each([
    ['119.88', frameRate(120000, 1001)],
    ['59.94', frameRate(60000, 1001)],
    ['120', frameRate(120)],
  ])('round-trips a week of frames at %s', (_name, rate) => {
    const week = Math.ceil((7 * 86400 * rate.num) / rate.den);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: week }), (frame) => {
        expect(secondsToFrame(framesToSeconds(frame, rate), rate)).toBe(frame);
      }),
      { numRuns: 5000 },
    );
  });
});

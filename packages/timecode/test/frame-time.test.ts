import { describe, expect, it } from 'vitest';
import {
  frameRate,
  framesToSeconds,
  frameToMilliseconds,
  millisecondsToFrame,
  secondsToFrame,
} from '../src/index.ts';

const NTSC_FILM = frameRate(24000, 1001);
const PAL = frameRate(25);

describe('frames and seconds', () => {
  it('converts with the exact rational', () => {
    expect(framesToSeconds(0, NTSC_FILM)).toBe(0);
    expect(framesToSeconds(24000, NTSC_FILM)).toBe(1001);
    // One hour of 24-fps timecode at 23.976 is 3.6 s longer than a wall-clock hour.
    expect(framesToSeconds(86400, NTSC_FILM)).toBeCloseTo(3603.6, 9);
    expect(framesToSeconds(50, PAL)).toBe(2);
  });

  it('returns the frame on screen at a time (floor, not round)', () => {
    expect(secondsToFrame(0, PAL)).toBe(0);
    expect(secondsToFrame(0.039, PAL)).toBe(0);
    expect(secondsToFrame(0.04, PAL)).toBe(1);
    expect(secondsToFrame(45.2, PAL)).toBe(1130);
    expect(secondsToFrame(1001, NTSC_FILM)).toBe(24000);
    expect(secondsToFrame(1000.99, NTSC_FILM)).toBe(23999);
  });

  it('maps a float that lands a hair below a frame boundary to that frame', () => {
    // Frame 15 at 29.97 starts at 0.5005 s, but 0.5005 * 30000 / 1001 is 14.999999999999998 in
    // doubles: a bare floor would show frame 14.
    const ntsc = frameRate(30000, 1001);
    expect((0.5005 * 30000) / 1001).toBeLessThan(15);
    expect(secondsToFrame(0.5005, ntsc)).toBe(15);
    expect(secondsToFrame(framesToSeconds(15, ntsc), ntsc)).toBe(15);
    expect(secondsToFrame(0.125125, NTSC_FILM)).toBe(3);
  });

  it('still round-trips past 2^24 frames, where one ulp exceeds the 1e-9 tolerance', () => {
    // Found by brute force: with floor(x + 1e-9) alone this frame at 119.88 comes back as 16777219.
    const hfr = frameRate(120000, 1001);
    expect(secondsToFrame(framesToSeconds(16_777_220, hfr), hfr)).toBe(16_777_220);
  });

  it.each([-1, -0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('framesToSeconds rejects %s', (frame) => {
    expect(() => framesToSeconds(frame, PAL)).toThrow(RangeError);
  });

  it.each([-0.001, Number.NaN, Number.POSITIVE_INFINITY])('secondsToFrame rejects %s', (seconds) => {
    expect(() => secondsToFrame(seconds, PAL)).toThrow(RangeError);
  });
});

describe('frames and milliseconds', () => {
  it('floors milliseconds to the frame on screen', () => {
    expect(millisecondsToFrame(0, PAL)).toBe(0);
    expect(millisecondsToFrame(39, PAL)).toBe(0);
    expect(millisecondsToFrame(40, PAL)).toBe(1);
    expect(millisecondsToFrame(1001, NTSC_FILM)).toBe(24);
    expect(millisecondsToFrame(1000, NTSC_FILM)).toBe(23);
  });

  it('gives the first whole millisecond inside a frame', () => {
    expect(frameToMilliseconds(1, PAL)).toBe(40);
    expect(frameToMilliseconds(24, NTSC_FILM)).toBe(1001);
    // Frame 1 at 23.976 starts at 41.708333… ms: the first whole ms inside it is 42.
    expect(frameToMilliseconds(1, NTSC_FILM)).toBe(42);
  });

  it('rejects fractional or negative inputs', () => {
    expect(() => millisecondsToFrame(1.5, PAL)).toThrow(RangeError);
    expect(() => millisecondsToFrame(-1, PAL)).toThrow(RangeError);
    expect(() => frameToMilliseconds(-1, PAL)).toThrow(RangeError);
  });
});

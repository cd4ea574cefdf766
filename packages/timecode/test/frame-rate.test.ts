import { describe, expect, it } from 'vitest';
import {
  formatFrameRate,
  frameRate,
  frameRateLabel,
  nominalFps,
  parseFrameRate,
  sameFrameRate,
  supportsDropFrame,
} from '../src/index.ts';

describe('frameRate', () => {
  it('reduces to lowest terms', () => {
    expect(frameRate(48000, 2002)).toEqual({ num: 24000, den: 1001 });
    expect(frameRate(50, 2)).toEqual({ num: 25, den: 1 });
    expect(frameRate(25)).toEqual({ num: 25, den: 1 });
  });

  it.each([
    [0, 1],
    [-25, 1],
    [25, 0],
    [25, -1],
    [23.976, 1],
    [24000, 1001.5],
    [Number.NaN, 1],
    [Number.POSITIVE_INFINITY, 1],
  ])('rejects frameRate(%s, %s) with a RangeError', (num, den) => {
    expect(() => frameRate(num, den)).toThrow(RangeError);
  });
});

describe('parseFrameRate', () => {
  it.each([
    ['24000/1001', 24000, 1001],
    ['30000/1001', 30000, 1001],
    ['60000/1001', 60000, 1001],
    ['25/1', 25, 1],
    ['50/2', 25, 1],
    ['25', 25, 1],
    [' 24 ', 24, 1],
    ['25.0', 25, 1],
    ['12.5', 25, 2],
    ['23.976', 24000, 1001],
    ['23.98', 24000, 1001],
    ['29.97', 30000, 1001],
    ['29.970', 30000, 1001],
    ['59.94', 60000, 1001],
    ['47.952', 48000, 1001],
    ['119.88', 120000, 1001],
  ])('parses %j as %i/%i', (input, num, den) => {
    expect(parseFrameRate(input)).toEqual({ num, den });
  });

  it('rejects ffprobe "0/0" (no rate) and says why', () => {
    expect(() => parseFrameRate('0/0')).toThrow(RangeError);
    expect(() => parseFrameRate('0/0')).toThrow(/zero denominator/);
  });

  it('rejects a zero rate', () => {
    expect(() => parseFrameRate('0/1')).toThrow(/positive/);
    expect(() => parseFrameRate('0')).toThrow(/positive/);
  });

  it('rejects negatives', () => {
    expect(() => parseFrameRate('-25')).toThrow(RangeError);
    expect(() => parseFrameRate('-24000/1001')).toThrow(/positive/);
  });

  it.each(['abc', '', '25fps', '24000/', '/1001', '1e3', '29,97', '25/1/1'])(
    'rejects garbage %j',
    (input) => {
      expect(() => parseFrameRate(input)).toThrow(/not a frame rate/);
    },
  );
});

describe('labels and properties', () => {
  it('formats as a rational string', () => {
    expect(formatFrameRate(frameRate(24000, 1001))).toBe('24000/1001');
    expect(formatFrameRate(frameRate(25))).toBe('25/1');
  });

  it.each([
    ['24000/1001', '23.976'],
    ['30000/1001', '29.97'],
    ['60000/1001', '59.94'],
    ['48000/1001', '47.952'],
    ['120000/1001', '119.88'],
    ['25', '25'],
    ['12.5', '12.5'],
  ])('labels %s as %s', (input, label) => {
    expect(frameRateLabel(parseFrameRate(input))).toBe(label);
  });

  it.each([
    ['24000/1001', 24],
    ['24', 24],
    ['25', 25],
    ['30000/1001', 30],
    ['60000/1001', 60],
    ['48000/1001', 48],
    ['120000/1001', 120],
  ])('nominal fps of %s is %i', (input, fps) => {
    expect(nominalFps(parseFrameRate(input))).toBe(fps);
  });

  it('refuses a timecode base below 1 fps', () => {
    expect(() => nominalFps(frameRate(1, 4))).toThrow(RangeError);
  });

  it('allows drop-frame only at 29.97 and 59.94', () => {
    expect(supportsDropFrame(frameRate(30000, 1001))).toBe(true);
    expect(supportsDropFrame(frameRate(60000, 1001))).toBe(true);
    for (const other of ['24000/1001', '24', '25', '30', '60', '48000/1001', '120000/1001']) {
      expect(supportsDropFrame(parseFrameRate(other)), other).toBe(false);
    }
  });

  it('compares rates even when a literal is not reduced', () => {
    expect(sameFrameRate({ num: 48000, den: 2002 }, frameRate(24000, 1001))).toBe(true);
    expect(sameFrameRate(frameRate(24), frameRate(24000, 1001))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { fromFrameioFramestamp, toFrameioFramestamp } from '../src/index.ts';

describe('Frame.io framestamp (V4 counts frames from 1)', () => {
  it('maps frame index 0 to framestamp 1 and back', () => {
    expect(toFrameioFramestamp(0)).toBe(1);
    expect(toFrameioFramestamp(1129)).toBe(1130);
    expect(fromFrameioFramestamp(1)).toBe(0);
    expect(fromFrameioFramestamp(1130)).toBe(1129);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects framestamp %s', (framestamp) => {
    expect(() => fromFrameioFramestamp(framestamp)).toThrow(RangeError);
  });

  it('says framestamps count from 1 when given 0', () => {
    expect(() => fromFrameioFramestamp(0)).toThrow(/>= 1/);
  });

  it.each([-1, 0.5, Number.POSITIVE_INFINITY])('rejects frame index %s', (frameIndex) => {
    expect(() => toFrameioFramestamp(frameIndex)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import {
  frameRate,
  framesToTimecode,
  parseStartTimecode,
  timecodeFramesPerDay,
  timecodeToFrames,
} from '../src/index.ts';

const R2997 = frameRate(30000, 1001);
const R5994 = frameRate(60000, 1001);
const R23976 = frameRate(24000, 1001);
const R25 = frameRate(25);
const DF = { dropFrame: true } as const;

// Vectors from the SMPTE 12M drop-frame rule: 29.97 DF skips labels ;00 and ;01 at every minute
// except minutes divisible by 10, so 10 min = 17982 frames and 1 h = 107892 frames.
describe('29.97 drop-frame vectors', () => {
  it.each([
    [0, '00:00:00;00'],
    [1799, '00:00:59;29'],
    [1800, '00:01:00;02'],
    [3597, '00:01:59;29'],
    [3598, '00:02:00;02'],
    [17981, '00:09:59;29'],
    [17982, '00:10:00;00'],
    [17983, '00:10:00;01'],
    [19782, '00:11:00;02'],
    [107892, '01:00:00;00'],
    [2589407, '23:59:59;29'],
  ])('frame %i is %s', (frame, tc) => {
    expect(framesToTimecode(frame, R2997, DF)).toBe(tc);
    expect(timecodeToFrames(tc, R2997)).toBe(frame);
  });

  it('has 2589408 frames in 24 h and wraps there', () => {
    expect(timecodeFramesPerDay(R2997, true)).toBe(2589408);
    expect(framesToTimecode(2589408, R2997, DF)).toBe('00:00:00;00');
  });
});

describe('59.94 drop-frame vectors (4 labels per minute)', () => {
  it.each([
    [3599, '00:00:59;59'],
    [3600, '00:01:00;04'],
    [35964, '00:10:00;00'],
    [215784, '01:00:00;00'],
  ])('frame %i is %s', (frame, tc) => {
    expect(framesToTimecode(frame, R5994, DF)).toBe(tc);
    expect(timecodeToFrames(tc, R5994)).toBe(frame);
  });
});

describe('non-drop vectors', () => {
  it('23.976 counts 24 labels per second: frame 86400 is 01:00:00:00 (3603.6 s of real time)', () => {
    expect(framesToTimecode(86400, R23976)).toBe('01:00:00:00');
    expect(timecodeToFrames('01:00:00:00', R23976)).toBe(86400);
  });

  it('25 fps', () => {
    expect(framesToTimecode(0, R25)).toBe('00:00:00:00');
    expect(framesToTimecode(24, R25)).toBe('00:00:00:24');
    expect(framesToTimecode(25, R25)).toBe('00:00:01:00');
    expect(framesToTimecode(1130, R25)).toBe('00:00:45:05');
    expect(framesToTimecode(90000, R25)).toBe('01:00:00:00');
    expect(timecodeToFrames('00:00:45:05', R25)).toBe(1130);
  });

  it('29.97 non-drop uses colons and 108000 frames per hour', () => {
    expect(framesToTimecode(1800, R2997)).toBe('00:01:00:00');
    expect(framesToTimecode(108000, R2997)).toBe('01:00:00:00');
    expect(timecodeToFrames('01:00:00:00', R2997)).toBe(108000);
  });

  it('uses three frame digits above 100 fps', () => {
    const r = frameRate(120000, 1001);
    expect(framesToTimecode(119, r)).toBe('00:00:00:119');
    expect(framesToTimecode(120, r)).toBe('00:00:01:000');
    expect(timecodeToFrames('00:00:01:005', r)).toBe(125);
  });
});

describe('start timecode', () => {
  it('reads a non-drop start and offsets display by it', () => {
    const start = parseStartTimecode('01:00:00:00', R25);
    expect(start).toEqual({ startFrame: 90000, dropFrame: false });
    expect(framesToTimecode(0, R25, start)).toBe('01:00:00:00');
    expect(framesToTimecode(1130, R25, start)).toBe('01:00:45:05');
    expect(timecodeToFrames('01:00:45:05', R25, start)).toBe(1130);
  });

  it("reads ffprobe's drop-frame tag with a semicolon", () => {
    const start = parseStartTimecode('01:00:00;00', R2997);
    expect(start).toEqual({ startFrame: 107892, dropFrame: true });
    expect(framesToTimecode(0, R2997, start)).toBe('01:00:00;00');
    expect(framesToTimecode(1800, R2997, start)).toBe('01:01:00;02');
    expect(timecodeToFrames('01:01:00;02', R2997, start)).toBe(1800);
  });

  it('reads 23.976 at base 24', () => {
    expect(parseStartTimecode('01:00:00:00', R23976)).toEqual({ startFrame: 86400, dropFrame: false });
  });

  it('wraps past midnight', () => {
    const start = parseStartTimecode('23:59:59:24', R25);
    expect(framesToTimecode(0, R25, start)).toBe('23:59:59:24');
    expect(framesToTimecode(1, R25, start)).toBe('00:00:00:00');
    expect(timecodeToFrames('00:00:00:00', R25, start)).toBe(1);
  });
});

describe('bad timecodes', () => {
  it.each(['00:01:00;00', '00:01:00;01', '00:59:00;01', '01:01:00;00'])(
    'rejects the dropped 29.97 DF label %s',
    (tc) => {
      expect(() => timecodeToFrames(tc, R2997)).toThrow(/does not exist in drop-frame/);
    },
  );

  it('accepts ;00 at minutes divisible by 10 and ;02 elsewhere', () => {
    expect(timecodeToFrames('00:20:00;00', R2997)).toBe(2 * 17982);
    expect(timecodeToFrames('00:01:00;02', R2997)).toBe(1800);
  });

  it('rejects the dropped 59.94 DF label 00:01:00;03', () => {
    expect(() => timecodeToFrames('00:01:00;03', R5994)).toThrow(RangeError);
  });

  it('rejects a dropped label written with colons when dropFrame is requested', () => {
    expect(() => timecodeToFrames('00:01:00:00', R2997, DF)).toThrow(RangeError);
  });

  it.each([
    ['00:00:00:25', R25, /frames must be below 25/],
    ['00:00:00;30', R2997, /frames must be below 30/],
    ['00:60:00:00', R25, /minutes must be below 60/],
    ['00:00:60:00', R25, /seconds must be below 60/],
    ['24:00:00:00', R25, /hours must be below 24/],
  ])('rejects out-of-range field in %s', (tc, rate, message) => {
    expect(() => timecodeToFrames(tc, rate)).toThrow(RangeError);
    expect(() => timecodeToFrames(tc, rate)).toThrow(message);
  });

  it.each(['', 'abc', '1:00:00:00', '00:00:00', '00:00:00:5', '00-00-00-00', '00;00;00;00', '00:00:00:000'])(
    'rejects malformed %j',
    (tc) => {
      expect(() => timecodeToFrames(tc, R25)).toThrow(RangeError);
    },
  );

  it('rejects drop-frame at a rate that has none', () => {
    expect(() => timecodeToFrames('00:00:00;00', R25)).toThrow(/drop-frame timecode is defined only/);
    expect(() => framesToTimecode(0, R23976, DF)).toThrow(RangeError);
    expect(() => parseStartTimecode('01:00:00;00', frameRate(24))).toThrow(RangeError);
  });

  it('rejects a semicolon when dropFrame: false is explicit', () => {
    expect(() => timecodeToFrames('00:00:00;00', R2997, { dropFrame: false })).toThrow(RangeError);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('framesToTimecode rejects frame %s', (frame) => {
    expect(() => framesToTimecode(frame, R25)).toThrow(/non-negative integer/);
  });

  it('rejects a bad startFrame', () => {
    expect(() => framesToTimecode(0, R25, { startFrame: -1 })).toThrow(RangeError);
    expect(() => timecodeToFrames('00:00:00:00', R25, { startFrame: 0.5 })).toThrow(RangeError);
  });
});

import { type FrameRate, frameRate, framesToTimecode, parseStartTimecode } from '@preroll/timecode';
import { describe, expect, it } from 'vitest';
import { PLAYER_CLOCK_JS, playerClockConfig } from '../src/ui/player-clock.ts';

/**
 * The reviewer UI's player clock is browser JavaScript without a build step; it must agree with
 * packages/timecode frame for frame, or a comment made in the UI lands on another timecode than
 * the one its author saw.
 */
const sbxTimecode = new Function(`${PLAYER_CLOCK_JS}; return sbxTimecode;`)() as (
  frame: number,
  nominal: number,
  drop: number,
) => string;

const CASES: { name: string; rate: FrameRate; drop: boolean; start: string }[] = [
  { name: '23.976', rate: frameRate(24000, 1001), drop: false, start: '00:59:59:00' },
  { name: '25', rate: frameRate(25), drop: false, start: '10:00:00:00' },
  { name: '29.97 DF', rate: frameRate(30000, 1001), drop: true, start: '01:00:00;00' },
  { name: '59.94 DF', rate: frameRate(60000, 1001), drop: true, start: '23:59:50;00' },
];

describe('reviewer UI player clock', () => {
  for (const c of CASES) {
    it(`${c.name}: the browser clock equals packages/timecode (start ${c.start}, across minutes and midnight)`, () => {
      const { startFrame } = parseStartTimecode(c.start, c.rate);
      const cfg = playerClockConfig({ rate: c.rate, dropFrame: c.drop, startFrame }, null);
      const frames = [0, 1, 2, 3, 4, 5, 299, 300, 1799, 1800, 1801, 3599, 3600, 3601, 17982, 17983, 107892];
      for (let i = 0; i < 40_000; i += 37) frames.push(i);
      for (const f of frames) {
        const expected = framesToTimecode(f, c.rate, { dropFrame: c.drop, startFrame });
        expect(sbxTimecode(f + cfg.startFrame, cfg.nominal, cfg.drop), `frame ${f}`).toBe(expected);
      }
    });
  }

  it('the config carries the exact rational rate and the labels dropped per minute', () => {
    expect(playerClockConfig({ rate: frameRate(30000, 1001), dropFrame: true, startFrame: 0 }, 10)).toEqual({
      num: 30000,
      den: 1001,
      nominal: 30,
      drop: 2,
      startFrame: 0,
      frames: 10,
    });
    expect(
      playerClockConfig({ rate: frameRate(60000, 1001), dropFrame: true, startFrame: 0 }, null).drop,
    ).toBe(4);
    expect(
      playerClockConfig({ rate: frameRate(30000, 1001), dropFrame: false, startFrame: 0 }, null).drop,
    ).toBe(0);
  });
});

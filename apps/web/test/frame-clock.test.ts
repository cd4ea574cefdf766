import { framesToSeconds, parseFrameRate, secondsToFrame } from '@preroll/timecode';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Version } from '../src/api/types.ts';
import { formatPosition, frameAt, frameClockOf, seekTimeOf } from '../src/player/frame-clock.ts';

function version(over: Partial<Version>): Version {
  return {
    id: 'v',
    number: 1,
    status: 'ready',
    sha256: null,
    media_kind: 'video',
    frame_rate: '24000/1001',
    frame_rate_label: '23.976',
    duration_seconds: 10,
    duration_frames: 240,
    start_timecode: '00:00:00:00',
    start_frame: 0,
    drop_frame: false,
    width: 320,
    height: 240,
    ...over,
  };
}

const RATES = [
  '24000/1001',
  '24/1',
  '25/1',
  '30000/1001',
  '30/1',
  '48/1',
  '50/1',
  '60000/1001',
  '60/1',
  '1000/1',
];

describe('seekTimeOf', () => {
  it('lands inside the frame it was asked for, half a frame from both edges, at every common rate', () => {
    for (const r of RATES) {
      const clock = frameClockOf(version({ frame_rate: r }));
      const rate = parseFrameRate(r);
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 24 * 3600 * 60 }), (frame) => {
          const t = seekTimeOf(frame, clock);
          expect(secondsToFrame(t, rate)).toBe(frame);
          expect(frameAt(t, clock)).toBe(frame);
          const len = framesToSeconds(1, rate);
          // Float rounding of a container timestamp is far below a quarter frame.
          expect(t - framesToSeconds(frame, rate)).toBeGreaterThan(len / 4);
          expect(framesToSeconds(frame + 1, rate) - t).toBeGreaterThan(len / 4);
        }),
        { numRuns: 300 },
      );
    }
  });

  it('clamps negative and fractional requests to a whole frame', () => {
    const clock = frameClockOf(version({}));
    expect(frameAt(seekTimeOf(-3, clock), clock)).toBe(0);
    expect(frameAt(seekTimeOf(7.9, clock), clock)).toBe(7);
  });
});

describe('formatPosition', () => {
  it('shows drop-frame timecode from the start timecode, and raw frames in frames mode', () => {
    const clock = frameClockOf(
      version({
        frame_rate: '30000/1001',
        start_frame: 1798,
        drop_frame: true,
        start_timecode: '00:00:59;28',
      }),
    );
    expect(formatPosition(0, clock, 'timecode')).toBe('00:00:59;28');
    expect(formatPosition(2, clock, 'timecode')).toBe('00:01:00;02');
    expect(formatPosition(2, clock, 'frames')).toBe('2');
  });

  it('reads the start from start_timecode when start_frame is absent', () => {
    const clock = frameClockOf(
      version({ frame_rate: '30000/1001', start_frame: 0, drop_frame: false, start_timecode: '01:00:00;00' }),
    );
    expect(clock.dropFrame).toBe(true);
    expect(formatPosition(0, clock, 'timecode')).toBe('01:00:00;00');
  });

  it('counts milliseconds for audio-only media', () => {
    const clock = frameClockOf(version({ media_kind: 'audio', frame_rate: '1000/1', start_timecode: null }));
    expect(clock.audio).toBe(true);
    expect(frameAt(1.5, clock)).toBe(1500);
    expect(formatPosition(1500, clock, 'frames')).toBe('1500 ms');
  });
});

import { describe, expect, it } from 'vitest';
import { AudioSearch, audioCandidate, emphasized } from '../../src/services/carry-forward/audio-match.ts';
import { decide } from '../../src/services/carry-forward/carry-decision.ts';
import { fft } from '../../src/services/carry-forward/fft.ts';
import { type MatchCandidate, peakOf, windowAt } from '../../src/services/carry-forward/match.ts';
import { pictureCandidate, pictureTrackOf } from '../../src/services/carry-forward/picture-match.ts';

// The pure maths of carry-forward's alignment, on synthetic signals (no ffmpeg).

const shape = { rate: 25, durationFrames: 500 };
const candidate = (over: Partial<MatchCandidate>): MatchCandidate => ({
  method: 'audio',
  offsetSeconds: 0,
  score: 0.99,
  isAmbiguous: false,
  ...over,
});

function noise(length: number, seed: number): Float32Array {
  let state = seed;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    state = (state * 1664525 + 1013904223) >>> 0;
    out[i] = state / 2 ** 32 - 0.5;
  }
  return out;
}

describe('fft', () => {
  it('a forward then inverse transform gives the input back', () => {
    const re = Float64Array.from(noise(64, 7));
    const original = re.slice();
    const im = new Float64Array(64);
    fft(re, im);
    fft(re, im, true);
    for (let i = 0; i < 64; i++) expect(re[i]).toBeCloseTo(original[i]!, 9);
  });

  it('refuses a length that is not a power of two', () => {
    expect(() => fft(new Float64Array(6), new Float64Array(6))).toThrow(/power of two/);
  });
});

describe('windows and peaks', () => {
  it('a window is shifted inwards at either end of the media', () => {
    expect(windowAt(0, 10, 100, 'before')).toEqual({ start: 0, length: 10 });
    expect(windowAt(95, 10, 100, 'from')).toEqual({ start: 90, length: 10 });
    expect(windowAt(50, 10, 100, 'before')).toEqual({ start: 40, length: 10 });
    expect(windowAt(3, 10, 6, 'from')).toEqual({ start: 0, length: 6 });
  });

  it('the runner-up is taken outside the best peak', () => {
    const scores = Float64Array.from([0.1, 0.5, 0.9, 0.8, 0.1, 0.3]);
    expect(peakOf(scores, 1)).toEqual({ at: 2, best: 0.9, runnerUp: 0.3 });
  });
});

describe('audio cross-correlation', () => {
  it('finds a window of noise where it was moved to, to the sample', () => {
    const from = { sampleRate: 2000, samples: noise(20_000, 1) };
    const shifted = new Float32Array(24_000);
    shifted.set(noise(4000, 9), 0);
    shifted.set(from.samples, 4000);
    const c = audioCandidate(from, new AudioSearch({ sampleRate: 2000, samples: shifted }), 5, 'from', 0.25);
    expect(c!.offsetSeconds).toBe(2);
    expect(c!.score).toBeGreaterThan(0.99);
    expect(c!.isAmbiguous).toBe(false);
  });

  it('silence gives no audio candidate (the picture decides)', () => {
    const quiet = { sampleRate: 2000, samples: new Float32Array(20_000) };
    expect(
      audioCandidate(
        quiet,
        new AudioSearch({ sampleRate: 2000, samples: noise(20_000, 1) }),
        3,
        'from',
        0.25,
      ),
    ).toBeNull();
  });

  it('a steady tone has no loudness to follow: no audio candidate (the picture decides)', () => {
    const tone = new Float32Array(20_000).map((_, i) => Math.sin((2 * Math.PI * 100 * i) / 2000));
    const search = new AudioSearch({ sampleRate: 2000, samples: tone });
    expect(audioCandidate({ sampleRate: 2000, samples: tone }, search, 3, 'from', 0.25)).toBeNull();
  });

  it('a sound that repeats is ambiguous', () => {
    const phrase = noise(2000, 5);
    const looped = new Float32Array(20_000);
    for (let i = 0; i < 10; i++) looped.set(phrase, i * 2000);
    const search = new AudioSearch({ sampleRate: 2000, samples: looped });
    const c = audioCandidate({ sampleRate: 2000, samples: looped }, search, 4, 'from', 0.25);
    expect(c!.isAmbiguous).toBe(true);
  });

  it('pre-emphasis is the sample-to-sample difference', () => {
    expect([...emphasized(Float32Array.from([1, 3, 2]))]).toEqual([0, 2, -1]);
  });
});

describe('picture hash', () => {
  it('finds random frames after a cut, and a held frame is ambiguous', () => {
    const perFrame = 17 * 9;
    const frames = (n: number, seed: number) =>
      Uint8Array.from(noise(n * perFrame, seed), (v) => Math.round((v + 0.5) * 255));
    const v1 = frames(100, 3);
    const v2 = new Uint8Array(80 * perFrame);
    v2.set(v1.subarray(0, 30 * perFrame), 0);
    v2.set(v1.subarray(50 * perFrame), 30 * perFrame);
    const c = pictureCandidate(pictureTrackOf(v1, 25), pictureTrackOf(v2, 25), 60 / 25, 'from', 0.25);
    expect(Math.round(c!.offsetSeconds * 25)).toBe(-20);
    expect(c!.score).toBe(1);
    const held = new Uint8Array(100 * perFrame).fill(0).map((_, i) => i % 17);
    const flat = pictureCandidate(pictureTrackOf(held, 25), pictureTrackOf(held, 25), 2, 'from', 0.25);
    expect(flat!.isAmbiguous).toBe(true);
  });
});

describe('labels', () => {
  it('a confident match on the same frame is `same`; elsewhere `moved` with the offset', () => {
    expect(decide(100, [candidate({})], shape, shape)).toMatchObject({
      label: 'same',
      toFrame: 100,
      offsetFrames: 0,
    });
    expect(decide(100, [candidate({ offsetSeconds: 2 })], shape, shape)).toMatchObject({
      label: 'moved',
      toFrame: 150,
      offsetFrames: 50,
    });
  });

  it('a middling score asks for a check and says it; a low one means removed', () => {
    expect(decide(100, [candidate({ score: 0.6, offsetSeconds: 1 })], shape, shape)).toMatchObject({
      label: 'needs_check',
      toFrame: 125,
      score: 0.6,
    });
    expect(decide(100, [candidate({ score: 0.2 })], shape, shape)).toMatchObject({
      label: 'removed',
      toFrame: null,
    });
  });

  it('an ambiguous match gives way to a distinct one (a tone bed over removed pictures is removed)', () => {
    const placed = decide(
      100,
      [candidate({ score: 0.9, isAmbiguous: true }), candidate({ method: 'picture', score: 0.05 })],
      shape,
      shape,
    );
    expect(placed).toMatchObject({ label: 'removed', method: 'picture' });
  });

  it('a place past the end of the new version is removed; the new rate converts the frame', () => {
    expect(decide(490, [candidate({ offsetSeconds: 5 })], shape, shape).label).toBe('removed');
    expect(
      decide(100, [candidate({ offsetSeconds: 1 })], shape, { rate: 50, durationFrames: 1000 }),
    ).toMatchObject({
      label: 'moved',
      toFrame: 250,
    });
  });

  it('nothing to compare keeps the frame and asks for a check', () => {
    expect(decide(100, [], shape, shape)).toMatchObject({
      label: 'needs_check',
      toFrame: 100,
      score: 0,
      method: null,
    });
  });
});

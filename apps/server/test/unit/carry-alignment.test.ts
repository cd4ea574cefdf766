import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaSignals } from '../../src/repositories/media-signals.ts';
import type { CarryPlacement } from '../../src/services/carry-forward/carry-decision.ts';
import { type AlignedMedia, alignFrames } from '../../src/services/carry-forward/note-aligner.ts';
import { editOf, sourceClip } from '../helpers/carry-media.ts';

// Carry-forward's alignment on real clips made by ffmpeg (25 fps, so 1 s = 25 frames): each
// edit's known answer is checked to ±1 frame, and material cut from the new version is `removed`.

const RATE = { num: 25, den: 1 };
const signals = new MediaSignals('ffmpeg');
let dir: string;
let master: string;
let silent: string;
let insert: string;

const media = (file: string, seconds: number): AlignedMedia => ({
  path: file,
  rate: RATE,
  durationFrames: seconds * 25,
});

async function align(v1: string, v2: string, v2Seconds: number, frames: number[]): Promise<CarryPlacement[]> {
  return alignFrames(signals, media(v1, 20), media(v2, v2Seconds), frames, async () => {});
}

function expectAt(p: CarryPlacement, frame: number, label: 'same' | 'moved') {
  expect(p.label).toBe(label);
  expect(Math.abs(p.toFrame! - frame)).toBeLessThanOrEqual(1);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-carry-'));
  [master, silent, insert] = await Promise.all([
    sourceClip(dir, 'master.mp4', { seed: 1, seconds: 20 }),
    sourceClip(dir, 'silent.mp4', { seed: 3, seconds: 20, silent: true }),
    sourceClip(dir, 'insert.mp4', { seed: 2, seconds: 2 }),
  ]);
}, 60_000);
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('carry-forward alignment on real clips', () => {
  it('a 2 s insert and a 3 s cut: notes before stay, notes after move by the exact frames, notes in the cut are removed', async () => {
    const v2 = await editOf(dir, 'insert-cut.mp4', [
      { file: master, fromSeconds: 0, toSeconds: 6 },
      { file: insert, fromSeconds: 0, toSeconds: 2 },
      { file: master, fromSeconds: 6, toSeconds: 11 },
      { file: master, fromSeconds: 14, toSeconds: 20 },
    ]);
    const [early, afterInsert, inCut, afterCut] = await align(master, v2, 19, [50, 200, 312, 400]);
    expectAt(early!, 50, 'same');
    expectAt(afterInsert!, 250, 'moved');
    expect(afterInsert!.method).toBe('audio');
    expect(inCut!.label).toBe('removed');
    expect(inCut!.toFrame).toBeNull();
    expectAt(afterCut!, 375, 'moved');
    expect(afterCut!.offsetFrames! + 25).toBeLessThanOrEqual(1);
  });

  it('a trim at the head: every later note moves back by the trim, notes in the trimmed head are removed', async () => {
    const v2 = await editOf(dir, 'head-trim.mp4', [{ file: master, fromSeconds: 2, toSeconds: 20 }]);
    const [inHead, first, later] = await align(master, v2, 18, [25, 100, 450]);
    expect(inHead!.label).toBe('removed');
    expectAt(first!, 50, 'moved');
    expectAt(later!, 400, 'moved');
  });

  it('an unchanged re-encode: every note is `same` with a high score', async () => {
    const v2 = await editOf(dir, 'same.mp4', [{ file: master, fromSeconds: 0, toSeconds: 20 }]);
    const placed = await align(master, v2, 20, [0, 137, 499]);
    for (const [i, frame] of [0, 137, 499].entries()) {
      expectAt(placed[i]!, frame, 'same');
      expect(placed[i]!.score).toBeGreaterThan(0.9);
    }
  });

  it('silent footage falls back to the picture hash and still finds the frames', async () => {
    const v2 = await editOf(dir, 'silent-cut.mp4', [
      { file: silent, fromSeconds: 0, toSeconds: 5 },
      { file: silent, fromSeconds: 8, toSeconds: 20 },
    ]);
    const [before, inCut, after] = await align(silent, v2, 17, [50, 162, 250]);
    expectAt(before!, 50, 'same');
    expect(before!.method).toBe('picture');
    expect(inCut!.label).toBe('removed');
    expectAt(after!, 175, 'moved');
    expect(after!.method).toBe('picture');
  });
});

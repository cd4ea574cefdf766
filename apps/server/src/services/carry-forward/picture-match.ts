import { isAmbiguousPeak, type MatchCandidate, peakOf, type WindowSide, windowAt } from './match.ts';

/** The tiny grayscale frames the repository decodes: one more column than the hash has bits per row. */
export const THUMB_WIDTH = 17;
export const THUMB_HEIGHT = 9;
const HASH_BITS = (THUMB_WIDTH - 1) * THUMB_HEIGHT;
const HASH_BYTES = Math.ceil(HASH_BITS / 8);

/** How many seconds of frames are compared on each side of a note. */
export const PICTURE_WINDOW_SECONDS = 1;

/** A version's pictures as one difference hash (dHash) per frame, at `rate` frames per second. */
export interface PictureTrack {
  rate: number;
  frames: number;
  hashes: Uint8Array;
}

const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1]!;

/**
 * dHash per frame: each bit says whether a pixel is brighter than its right neighbour, so the hash
 * survives re-encoding, scaling and a change of brightness, and unrelated frames differ in about
 * half their bits.
 */
export function pictureTrackOf(gray: Uint8Array, rate: number): PictureTrack {
  const perFrame = THUMB_WIDTH * THUMB_HEIGHT;
  const frames = Math.floor(gray.length / perFrame);
  const hashes = new Uint8Array(frames * HASH_BYTES);
  for (let f = 0; f < frames; f++) {
    let bit = 0;
    for (let y = 0; y < THUMB_HEIGHT; y++) {
      for (let x = 0; x < THUMB_WIDTH - 1; x++) {
        const p = f * perFrame + y * THUMB_WIDTH + x;
        if (gray[p]! > gray[p + 1]!) hashes[f * HASH_BYTES + (bit >> 3)]! |= 1 << (bit & 7);
        bit++;
      }
    }
  }
  return { rate, frames, hashes };
}

/**
 * Where the frames on one side of a note of the earlier version show in the later one (both decoded
 * at the earlier version's rate), scored 1 for the same frames and about 0 for unrelated ones.
 */
export function pictureCandidate(
  from: PictureTrack,
  to: PictureTrack,
  noteSeconds: number,
  side: WindowSide,
  exclusionSeconds: number,
): MatchCandidate | null {
  const windowFrames = Math.max(1, Math.round(PICTURE_WINDOW_SECONDS * from.rate));
  const at = Math.round(noteSeconds * from.rate);
  const win = windowAt(at, windowFrames, from.frames, side);
  if (win.length === 0) return null;
  const positions = to.frames - win.length + 1;
  if (positions <= 0) return null;
  const scores = new Float64Array(positions);
  for (let j = 0; j < positions; j++) {
    let differing = 0;
    for (let k = 0; k < win.length; k++) {
      const a = (win.start + k) * HASH_BYTES;
      const b = (j + k) * HASH_BYTES;
      for (let i = 0; i < HASH_BYTES; i++) differing += POPCOUNT[from.hashes[a + i]! ^ to.hashes[b + i]!]!;
    }
    scores[j] = Math.max(0, 1 - (2 * differing) / (win.length * HASH_BITS));
  }
  const peak = peakOf(scores, Math.max(1, Math.round(exclusionSeconds * from.rate)));
  // A window of identical frames (a slate, black) matches any other stretch of the same: ambiguous.
  let isFlat = true;
  for (let k = 1; k < win.length && isFlat; k++) {
    for (let i = 0; i < HASH_BYTES; i++) {
      if (from.hashes[(win.start + k) * HASH_BYTES + i] !== from.hashes[win.start * HASH_BYTES + i]) {
        isFlat = false;
        break;
      }
    }
  }
  return {
    method: 'picture',
    offsetSeconds: (peak.at - win.start) / from.rate,
    score: peak.best,
    isAmbiguous: isFlat || isAmbiguousPeak(peak.best, peak.runnerUp),
  };
}

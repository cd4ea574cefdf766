/** One way of finding a note's material in the next version (shared by audio and picture). */
export interface MatchCandidate {
  method: 'audio' | 'picture';
  /** Seconds to add to the note's time in the earlier version. */
  offsetSeconds: number;
  /** Similarity of the best match, 0 (unrelated) to 1 (identical). */
  score: number;
  /** Another place, away from the best, matches almost as well (a held frame, a repeated sound). */
  isAmbiguous: boolean;
}

/** Which side of the note a window covers: material before it, or from it on. */
export type WindowSide = 'from' | 'before';

/** Runner-up at or above this fraction of the best makes a match ambiguous. */
export const AMBIGUITY_RATIO = 0.92;

/**
 * The best and the runner-up of a score curve, the runner-up taken outside `exclusion` positions
 * either side of the best (the best's own peak is wide as the signal is smooth).
 */
export function peakOf(
  scores: Float64Array,
  exclusion: number,
): { at: number; best: number; runnerUp: number } {
  let at = -1;
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i]! > best) {
      best = scores[i]!;
      at = i;
    }
  }
  let runnerUp = 0;
  for (let i = 0; i < scores.length; i++) {
    if (Math.abs(i - at) > exclusion && scores[i]! > runnerUp) runnerUp = scores[i]!;
  }
  return { at, best: Math.max(0, best), runnerUp };
}

export function isAmbiguousPeak(best: number, runnerUp: number): boolean {
  return best > 0 && runnerUp >= best * AMBIGUITY_RATIO;
}

/**
 * The start and length of a window of `length` positions on one side of `at` inside `[0, total)`,
 * shifted inwards at either end of the media (a note on the first frame has nothing before it).
 */
export function windowAt(
  at: number,
  length: number,
  total: number,
  side: WindowSide,
): { start: number; length: number } {
  const len = Math.min(length, total);
  let start = side === 'from' ? at : at - len;
  start = Math.max(0, Math.min(start, total - len));
  return { start, length: len };
}

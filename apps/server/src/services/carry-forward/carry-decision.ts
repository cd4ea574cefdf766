import { type AudioSearch, type AudioTrack, audioCandidate } from './audio-match.ts';
import type { MatchCandidate, WindowSide } from './match.ts';
import { type PictureTrack, pictureCandidate } from './picture-match.ts';

export type CarryLabel = 'moved' | 'same' | 'needs_check' | 'removed';

/** Where a note of the earlier version goes on the later one, and how sure that is. */
export interface CarryPlacement {
  label: CarryLabel;
  /** The later version's frame; null when the material is gone. */
  toFrame: number | null;
  offsetFrames: number | null;
  /** The best match's similarity, 0–1. */
  score: number;
  method: 'audio' | 'picture' | null;
}

/** At or above: the match is taken as is (`moved` or `same`). */
export const MATCH_SCORE = 0.8;
/** Below: nothing in the later version resembles the note's material (`removed`). */
export const CHECK_SCORE = 0.4;
/** Runner-up matches closer than this to the best one are the same match, not a second place. */
const EXCLUSION_SECONDS = 0.25;
/** The material at the note first (the frame it marks starts there), then what leads up to it. */
const SIDES: WindowSide[] = ['from', 'before'];

export interface VersionShape {
  /** Frames per second (num/den of the exact rate). */
  rate: number;
  durationFrames: number;
}

export function isConfident(c: MatchCandidate): boolean {
  return c.score >= MATCH_SCORE && !c.isAmbiguous;
}

/** The sound on each side of the note, searched over the whole later version. */
export function audioCandidates(from: AudioTrack, to: AudioSearch, fromShape: VersionShape, frame: number) {
  return eachSide((side) => audioCandidate(from, to, frame / fromShape.rate, side, EXCLUSION_SECONDS));
}

/** The frames on each side of the note, for silent stretches (both tracks at the earlier rate). */
export function pictureCandidates(
  from: PictureTrack,
  to: PictureTrack,
  fromShape: VersionShape,
  frame: number,
) {
  return eachSide((side) => pictureCandidate(from, to, frame / fromShape.rate, side, EXCLUSION_SECONDS));
}

/** The note's own side first; the side before it is searched only when that did not place it. */
function eachSide(search: (side: WindowSide) => MatchCandidate | null): MatchCandidate[] {
  const found: MatchCandidate[] = [];
  for (const side of SIDES) {
    const c = search(side);
    if (c) found.push(c);
    if (c && isConfident(c)) break;
  }
  return found;
}

/**
 * The label for one note from its candidates, in the order given (sound before picture, the
 * note's own side before the side leading up to it): the first confident match places it; else
 * the best distinct resemblance asks for a check, and no resemblance means the material was cut.
 */
export function decide(
  frame: number,
  candidates: MatchCandidate[],
  from: VersionShape,
  to: VersionShape,
): CarryPlacement {
  if (candidates.length === 0) {
    // Nothing to compare (no sound and no picture): keep the frame and ask a person.
    const toFrame = Math.min(frame, Math.max(0, to.durationFrames - 1));
    return { label: 'needs_check', toFrame, offsetFrames: toFrame - frame, score: 0, method: null };
  }
  const confident = candidates.find(isConfident);
  // An ambiguous match (a steady tone, a held frame) says nothing about where the material went:
  // when anything else was measured, that decides.
  const distinct = candidates.filter((c) => !c.isAmbiguous);
  const pool = distinct.length > 0 ? distinct : candidates;
  const chosen = confident ?? pool.reduce((a, b) => (b.score > a.score ? b : a));
  const score = Math.round(chosen.score * 1000) / 1000;
  const toFrame = Math.round((frame / from.rate + chosen.offsetSeconds) * to.rate);
  const inside = toFrame >= 0 && toFrame < to.durationFrames;
  if (!inside || (!confident && chosen.score < CHECK_SCORE)) {
    return { label: 'removed', toFrame: null, offsetFrames: null, score, method: chosen.method };
  }
  const label: CarryLabel = !confident ? 'needs_check' : toFrame === frame ? 'same' : 'moved';
  return { label, toFrame, offsetFrames: toFrame - frame, score, method: chosen.method };
}

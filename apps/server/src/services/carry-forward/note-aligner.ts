import type { MediaSignals } from '../../repositories/media-signals.ts';
import { AudioSearch } from './audio-match.ts';
import {
  audioCandidates,
  type CarryPlacement,
  decide,
  isConfident,
  pictureCandidates,
  type VersionShape,
} from './carry-decision.ts';
import type { MatchCandidate } from './match.ts';
import { pictureTrackOf, THUMB_HEIGHT, THUMB_WIDTH } from './picture-match.ts';

/** Sound is compared at this rate: enough for a 1 ms lag, small enough to search ten minutes fast. */
export const AUDIO_SAMPLE_RATE = 2000;

export interface AlignedMedia {
  path: string;
  rate: { num: number; den: number };
  durationFrames: number;
}

export type ProgressReport = (fraction: number) => Promise<void>;

const shapeOf = (m: AlignedMedia): VersionShape => ({
  rate: m.rate.num / m.rate.den,
  durationFrames: m.durationFrames,
});

/**
 * Places each frame of the earlier version on the later one: by sound first (both decoded as mono
 * PCM, each note's windows cross-correlated over the whole later version, so every note finds its
 * own offset and an edit anywhere moves only what follows it), then, for the notes sound could not
 * place (silence, no audio track), by picture (tiny frames of both at the earlier rate, dHash).
 */
export async function alignFrames(
  signals: MediaSignals,
  from: AlignedMedia,
  to: AlignedMedia,
  frames: number[],
  progress: ProgressReport,
  signal?: AbortSignal,
): Promise<CarryPlacement[]> {
  const fromShape = shapeOf(from);
  const toShape = shapeOf(to);
  const candidates: MatchCandidate[][] = frames.map(() => []);
  const [fromAudio, toAudio] = await Promise.all([
    signals.audio(from.path, AUDIO_SAMPLE_RATE, signal),
    signals.audio(to.path, AUDIO_SAMPLE_RATE, signal),
  ]);
  await progress(0.2);
  if (fromAudio && toAudio && toAudio.samples.length > 0) {
    const search = new AudioSearch(toAudio);
    for (let i = 0; i < frames.length; i++) {
      candidates[i]!.push(...audioCandidates(fromAudio, search, fromShape, frames[i]!));
      if (i % 10 === 9) await progress(0.2 + (0.5 * (i + 1)) / frames.length);
    }
  }
  await progress(0.7);
  const unplaced = frames.map((_, i) => i).filter((i) => !candidates[i]!.some(isConfident));
  if (unplaced.length > 0) {
    const size = { width: THUMB_WIDTH, height: THUMB_HEIGHT };
    const [fromPictures, toPictures] = await Promise.all([
      signals.pictures(from.path, from.rate, size, signal),
      signals.pictures(to.path, from.rate, size, signal),
    ]);
    await progress(0.8);
    if (fromPictures && toPictures) {
      const fromTrack = pictureTrackOf(fromPictures.gray, fromShape.rate);
      const toTrack = pictureTrackOf(toPictures.gray, fromShape.rate);
      for (const i of unplaced)
        candidates[i]!.push(...pictureCandidates(fromTrack, toTrack, fromShape, frames[i]!));
    }
  }
  await progress(1);
  return frames.map((frame, i) => decide(frame, candidates[i]!, fromShape, toShape));
}

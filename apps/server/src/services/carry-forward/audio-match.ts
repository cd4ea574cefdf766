import { fft, nextPowerOfTwo } from './fft.ts';
import { isAmbiguousPeak, type MatchCandidate, peakOf, type WindowSide, windowAt } from './match.ts';

/** Mono PCM of a version, decoded at a low rate (repositories/media-signals.ts). */
export interface AudioTrack {
  sampleRate: number;
  samples: Float32Array;
}

/** How long the window compared around each note is. */
export const AUDIO_WINDOW_SECONDS = 1;
/** Below this RMS (full scale 1) a window is silence: nothing to match, the picture decides. */
export const SILENCE_RMS = 0.002;

/**
 * The sample-to-sample difference (pre-emphasis): a steady low tone, hum or music bed shared by
 * unrelated stretches would otherwise correlate everywhere; the difference keeps what changes.
 */
export function emphasized(samples: Float32Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 1; i < samples.length; i++) out[i] = samples[i]! - samples[i - 1]!;
  return out;
}

/**
 * The later version's audio, prepared once for every note: its spectrum at the size a window's
 * correlation needs and the running energy that normalizes each lag.
 */
export class AudioSearch {
  readonly size: number;
  private readonly spectrumRe: Float64Array;
  private readonly spectrumIm: Float64Array;
  private readonly energy: Float64Array;
  readonly windowSamples: number;

  constructor(readonly track: AudioTrack) {
    this.windowSamples = Math.round(AUDIO_WINDOW_SECONDS * track.sampleRate);
    const n = track.samples.length;
    this.size = nextPowerOfTwo(n + this.windowSamples);
    this.spectrumRe = new Float64Array(this.size);
    this.spectrumIm = new Float64Array(this.size);
    const changes = emphasized(track.samples);
    this.spectrumRe.set(changes);
    fft(this.spectrumRe, this.spectrumIm);
    this.energy = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) this.energy[i + 1] = this.energy[i]! + changes[i]! ** 2;
  }

  /**
   * Normalized cross-correlation of `needle` (emphasized, like the track) at every lag where it fits wholly inside the track:
   * 1 where the track holds the same samples (up to a gain), about 0 for unrelated sound.
   */
  correlate(needle: Float32Array): Float64Array {
    const n = this.track.samples.length;
    const w = needle.length;
    const lags = n - w + 1;
    if (lags <= 0) return new Float64Array(0);
    const re = new Float64Array(this.size);
    const im = new Float64Array(this.size);
    re.set(needle);
    fft(re, im);
    // corr[k] = Σ needle[i]·track[i+k] = IFFT(conj(N)·T)[k]
    for (let i = 0; i < this.size; i++) {
      const nr = re[i]!;
      const ni = -im[i]!;
      const tr = this.spectrumRe[i]!;
      const ti = this.spectrumIm[i]!;
      re[i] = nr * tr - ni * ti;
      im[i] = nr * ti + ni * tr;
    }
    fft(re, im, true);
    let needleEnergy = 0;
    for (let i = 0; i < w; i++) needleEnergy += needle[i]! ** 2;
    const scores = new Float64Array(lags);
    const norm = Math.sqrt(needleEnergy);
    for (let k = 0; k < lags; k++) {
      const local = this.energy[k + w]! - this.energy[k]!;
      scores[k] = local > 1e-12 && norm > 0 ? re[k]! / (norm * Math.sqrt(local)) : 0;
    }
    return scores;
  }
}

/**
 * Where the sound on one side of a note of the earlier version plays in the later one, or null
 * when that window is silent (or the earlier version has too little sound).
 */
export function audioCandidate(
  from: AudioTrack,
  to: AudioSearch,
  noteSeconds: number,
  side: WindowSide,
  exclusionSeconds: number,
): MatchCandidate | null {
  if (from.sampleRate !== to.track.sampleRate) throw new Error('audio tracks must share a sample rate');
  const rate = from.sampleRate;
  const at = Math.round(noteSeconds * rate);
  const win = windowAt(at, to.windowSamples, from.samples.length, side);
  if (win.length < to.windowSamples / 4) return null;
  const window = from.samples.subarray(win.start, win.start + win.length);
  let energy = 0;
  for (let i = 0; i < window.length; i++) energy += window[i]! ** 2;
  if (Math.sqrt(energy / window.length) < SILENCE_RMS) return null;
  const scores = to.correlate(emphasized(window));
  if (scores.length === 0) return null;
  const peak = peakOf(scores, Math.max(1, Math.round(exclusionSeconds * rate)));
  return {
    method: 'audio',
    offsetSeconds: (peak.at - win.start) / rate,
    score: peak.best,
    isAmbiguous: isAmbiguousPeak(peak.best, peak.runnerUp),
  };
}

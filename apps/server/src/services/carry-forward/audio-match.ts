import { fft, nextPowerOfTwo } from './fft.ts';
import { isAmbiguousPeak, type MatchCandidate, type WindowSide, windowAt } from './match.ts';

/** Mono PCM of a version, decoded at a low rate (repositories/media-signals.ts). */
export interface AudioTrack {
  sampleRate: number;
  samples: Float32Array;
}

/** How long the window compared around each note is. */
export const AUDIO_WINDOW_SECONDS = 1;
/** Below this RMS (full scale 1) a window is silence: nothing to match, the picture decides. */
export const SILENCE_RMS = 0.002;
/** The coarse search's hop, in samples (10 ms at 2 kHz); its blocks are two hops long. */
const HOP = 20;
/** How many coarse places are refined sample by sample. */
const REFINED_PLACES = 5;

/**
 * The sample-to-sample difference (pre-emphasis): a steady low tone, hum or music bed shared by
 * unrelated stretches would otherwise correlate everywhere; the difference keeps what changes.
 */
export function emphasized(samples: Float32Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 1; i < samples.length; i++) out[i] = samples[i]! - samples[i - 1]!;
  return out;
}

/** Loudness every HOP samples over blocks of 2·HOP, starting at `phase`. */
function envelopeOf(signal: Float32Array, phase: number): Float64Array {
  const count = Math.max(0, Math.floor((signal.length - phase - 2 * HOP) / HOP) + 1);
  const out = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    let e = 0;
    const start = phase + j * HOP;
    for (let i = start; i < start + 2 * HOP; i++) e += signal[i]! ** 2;
    out[j] = Math.sqrt(e);
  }
  return out;
}

const prefixOf = (values: ArrayLike<number>, square: boolean) => {
  const out = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++) out[i + 1] = out[i]! + (square ? values[i]! ** 2 : values[i]!);
  return out;
};

/**
 * The later version's audio, prepared once for every note. A window is found in two steps: its
 * loudness envelope (100 per second) is correlated with the track's by FFT, which is cheap over
 * ten minutes; the few best places are then compared sample by sample, which gives the lag to the
 * sample and the score the labels use.
 */
export class AudioSearch {
  readonly windowSamples: number;
  private readonly fine: Float32Array;
  private readonly fineEnergy: Float64Array;
  private readonly envelope: Float64Array;
  private readonly envSum: Float64Array;
  private readonly envSquares: Float64Array;
  private readonly size: number;
  private readonly spectrumRe: Float64Array;
  private readonly spectrumIm: Float64Array;

  constructor(readonly track: AudioTrack) {
    this.windowSamples = Math.round(AUDIO_WINDOW_SECONDS * track.sampleRate);
    this.fine = emphasized(track.samples);
    this.fineEnergy = prefixOf(this.fine, true);
    this.envelope = envelopeOf(this.fine, 0);
    this.envSum = prefixOf(this.envelope, false);
    this.envSquares = prefixOf(this.envelope, true);
    this.size = nextPowerOfTwo(this.envelope.length + Math.ceil(this.windowSamples / HOP) + 1);
    this.spectrumRe = new Float64Array(this.size);
    this.spectrumIm = new Float64Array(this.size);
    this.spectrumRe.set(this.envelope);
    fft(this.spectrumRe, this.spectrumIm);
  }

  /** The best lag of an (emphasized) window, its score, and the best score well away from it. */
  find(needle: Float32Array, exclusion: number): { at: number; best: number; runnerUp: number } | null {
    const lags = this.fine.length - needle.length + 1;
    if (lags <= 0) return null;
    const places = new Set<number>();
    for (const phase of [0, HOP / 2]) for (const lag of this.coarsePlaces(needle, phase)) places.add(lag);
    const refined: Array<{ at: number; score: number }> = [];
    for (const place of places) refined.push(this.refine(needle, place, lags));
    refined.sort((a, b) => b.score - a.score);
    const best = refined[0];
    if (!best) return null;
    const runnerUp = refined.find((r) => Math.abs(r.at - best.at) > exclusion)?.score ?? 0;
    return { at: best.at, best: Math.max(0, best.score), runnerUp: Math.max(0, runnerUp) };
  }

  /** Fine lags of the best places of the envelope's Pearson correlation, for one block phase. */
  private coarsePlaces(needle: Float32Array, phase: number): number[] {
    const env = envelopeOf(needle, phase);
    const w = env.length;
    const lags = this.envelope.length - w + 1;
    if (w < 2 || lags <= 0) return [];
    let mean = 0;
    for (let i = 0; i < w; i++) mean += env[i]!;
    mean /= w;
    let spread = 0;
    const re = new Float64Array(this.size);
    const im = new Float64Array(this.size);
    for (let i = 0; i < w; i++) {
      re[i] = env[i]! - mean;
      spread += re[i]! ** 2;
    }
    // A loudness that never changes (a steady tone) cannot be followed: nothing to place by.
    if (spread / w <= (1e-3 * mean) ** 2 || spread <= 1e-18) return [];
    fft(re, im);
    for (let i = 0; i < this.size; i++) {
      const nr = re[i]!;
      const ni = -im[i]!;
      re[i] = nr * this.spectrumRe[i]! - ni * this.spectrumIm[i]!;
      im[i] = nr * this.spectrumIm[i]! + ni * this.spectrumRe[i]!;
    }
    fft(re, im, true);
    const scores = new Float64Array(lags);
    for (let k = 0; k < lags; k++) {
      const sum = this.envSum[k + w]! - this.envSum[k]!;
      const variance = this.envSquares[k + w]! - this.envSquares[k]! - (sum * sum) / w;
      scores[k] = variance > 1e-18 ? re[k]! / Math.sqrt(spread * variance) : 0;
    }
    const places: number[] = [];
    for (let n = 0; n < REFINED_PLACES; n++) {
      let at = -1;
      for (let k = 0; k < lags; k++) if (at < 0 || scores[k]! > scores[at]!) at = k;
      if (at < 0 || scores[at]! === Number.NEGATIVE_INFINITY) break;
      places.push(at * HOP - phase);
      for (let k = Math.max(0, at - 3); k <= Math.min(lags - 1, at + 3); k++)
        scores[k] = Number.NEGATIVE_INFINITY;
    }
    return places;
  }

  /** Normalized cross-correlation sample by sample within two hops of a coarse place. */
  private refine(needle: Float32Array, place: number, lags: number): { at: number; score: number } {
    let norm = 0;
    for (let i = 0; i < needle.length; i++) norm += needle[i]! ** 2;
    norm = Math.sqrt(norm);
    let best = { at: Math.max(0, Math.min(place, lags - 1)), score: 0 };
    for (let lag = Math.max(0, place - 2 * HOP); lag <= Math.min(lags - 1, place + 2 * HOP); lag++) {
      let dot = 0;
      for (let i = 0; i < needle.length; i++) dot += needle[i]! * this.fine[lag + i]!;
      const local = this.fineEnergy[lag + needle.length]! - this.fineEnergy[lag]!;
      const score = local > 1e-12 && norm > 0 ? dot / (norm * Math.sqrt(local)) : 0;
      if (score > best.score) best = { at: lag, score };
    }
    return best;
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
  // Emphasized with the sample before the window, as the track was: its first difference is real.
  const lead = win.start > 0 ? 1 : 0;
  const needle = emphasized(from.samples.subarray(win.start - lead, win.start + win.length)).subarray(lead);
  const peak = to.find(needle, Math.max(1, Math.round(exclusionSeconds * rate)));
  if (!peak) return null;
  return {
    method: 'audio',
    offsetSeconds: (peak.at - win.start) / rate,
    score: peak.best,
    isAmbiguous: isAmbiguousPeak(peak.best, peak.runnerUp),
  };
}

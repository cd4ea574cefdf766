import { type FrameRate, frameRate } from './frame-rate.ts';

// Decimal spellings that mean an NTSC rate (k*1000/1001). Editors and spec sheets write
// "23.976" or "23.98" and never mean 23976/1000; mapping them keeps 24 h of frames exact.
const NTSC_DECIMALS: ReadonlyMap<string, FrameRate> = new Map([
  ['23.976', frameRate(24000, 1001)],
  ['23.98', frameRate(24000, 1001)],
  ['29.97', frameRate(30000, 1001)],
  ['47.952', frameRate(48000, 1001)],
  ['47.95', frameRate(48000, 1001)],
  ['59.94', frameRate(60000, 1001)],
  ['119.88', frameRate(120000, 1001)],
]);

const RATIONAL = /^(\d+)\/(\d+)$/;
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Parses "24000/1001" (ffprobe r_frame_rate / avg_frame_rate), "25/1", "25", and decimals.
 * Decimals that are a conventional NTSC spelling become the exact 1001 rational; other
 * decimals ("12.5") are taken at face value. ffprobe's "0/0" (no rate known) is rejected.
 */
export function parseFrameRate(input: string): FrameRate {
  const text = input.trim();
  if (text.startsWith('-')) {
    throw new RangeError(`frame rate must be positive, got "${input}"`);
  }
  const rational = RATIONAL.exec(text);
  if (rational) {
    const num = Number(rational[1]);
    const den = Number(rational[2]);
    if (den === 0) {
      throw new RangeError(
        `frame rate "${input}" has a zero denominator (ffprobe writes 0/0 when it knows no rate)`,
      );
    }
    if (num === 0) throw new RangeError(`frame rate must be positive, got "${input}"`);
    return frameRate(num, den);
  }
  const decimal = DECIMAL.exec(text);
  if (decimal) {
    const whole = (decimal[1] ?? '').replace(/^0+(?=\d)/, '');
    const fraction = (decimal[2] ?? '').replace(/0+$/, '');
    const ntsc = NTSC_DECIMALS.get(fraction === '' ? whole : `${whole}.${fraction}`);
    if (ntsc) return ntsc;
    if (whole.length + fraction.length > 15) {
      throw new RangeError(`frame rate "${input}" has too many digits to be exact`);
    }
    const num = Number(whole + fraction);
    if (num === 0) throw new RangeError(`frame rate must be positive, got "${input}"`);
    return frameRate(num, 10 ** fraction.length);
  }
  throw new RangeError(`not a frame rate: "${input}" (expected e.g. "24000/1001", "25" or "29.97")`);
}

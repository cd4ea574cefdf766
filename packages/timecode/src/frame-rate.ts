// Frame rates as exact reduced rationals. 23.976 is not a rate: 24000/1001 is. Keeping num/den
// integers means frame <-> time conversions never accumulate float error over a long programme.

export interface FrameRate {
  readonly num: number;
  readonly den: number;
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

export function frameRate(num: number, den = 1): FrameRate {
  if (!Number.isSafeInteger(num) || num <= 0) {
    throw new RangeError(`frame rate numerator must be a positive integer, got ${String(num)}`);
  }
  if (!Number.isSafeInteger(den) || den <= 0) {
    throw new RangeError(`frame rate denominator must be a positive integer, got ${String(den)}`);
  }
  const g = gcd(num, den);
  return Object.freeze({ num: num / g, den: den / g });
}

export function sameFrameRate(a: FrameRate, b: FrameRate): boolean {
  // Both sides are reduced by construction, but a caller may hand us a literal {num, den}.
  return a.num * b.den === b.num * a.den;
}

export function formatFrameRate(r: FrameRate): string {
  return `${r.num}/${r.den}`;
}

/** Human label: "23.976", "29.97", "25", "12.5". Never parse it back for arithmetic. */
export function frameRateLabel(r: FrameRate): string {
  if (r.den === 1) return String(r.num);
  // Three decimals is the industry's spelling (23.976, 47.952); trailing zeros go (29.970 -> 29.97).
  return String(Number((r.num / r.den).toFixed(3)));
}

/**
 * The integer frame count per timecode second (24 for 23.976, 30 for 29.97, 60 for 59.94).
 * Rounds half up with integer arithmetic.
 */
export function nominalFps(r: FrameRate): number {
  const fps = Math.floor((2 * r.num + r.den) / (2 * r.den));
  if (fps < 1) {
    throw new RangeError(`timecode needs at least 1 fps, got ${formatFrameRate(r)}`);
  }
  return fps;
}

/** SMPTE 12M defines drop-frame only for 30000/1001 and (by extension) 60000/1001. */
export function supportsDropFrame(r: FrameRate): boolean {
  return r.num * 1001 === r.den * 30000 || r.num * 1001 === r.den * 60000;
}

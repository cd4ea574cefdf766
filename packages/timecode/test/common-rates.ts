import { type FrameRate, frameRate } from '../src/index.ts';

export interface RateCase {
  readonly name: string;
  readonly rate: FrameRate;
  readonly dropFrame: boolean;
}

// The rates a review tool actually meets, in both timecode modes where drop-frame exists.
export const COMMON_RATES: readonly RateCase[] = [
  { name: '23.976 NDF', rate: frameRate(24000, 1001), dropFrame: false },
  { name: '24', rate: frameRate(24), dropFrame: false },
  { name: '25', rate: frameRate(25), dropFrame: false },
  { name: '29.97 DF', rate: frameRate(30000, 1001), dropFrame: true },
  { name: '29.97 NDF', rate: frameRate(30000, 1001), dropFrame: false },
  { name: '30', rate: frameRate(30), dropFrame: false },
  { name: '48', rate: frameRate(48), dropFrame: false },
  { name: '50', rate: frameRate(50), dropFrame: false },
  { name: '59.94 DF', rate: frameRate(60000, 1001), dropFrame: true },
  { name: '59.94 NDF', rate: frameRate(60000, 1001), dropFrame: false },
  { name: '60', rate: frameRate(60), dropFrame: false },
];

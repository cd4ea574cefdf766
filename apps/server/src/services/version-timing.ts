import { type FrameRate, frameRate } from '@preroll/timecode';
import type { VersionRow } from '../repositories/version.repository.ts';

/** How positions on a version are counted: its exact rate, start timecode and length in frames. */
export interface VersionTiming {
  rate: FrameRate;
  startFrame: number;
  dropFrame: boolean;
  /** Null while unknown (ffprobe missing or no duration). */
  durationFrames: number | null;
}

export function timingOf(version: VersionRow): VersionTiming | null {
  if (!version.frame_rate_num || !version.frame_rate_den) return null;
  return {
    rate: frameRate(version.frame_rate_num, version.frame_rate_den),
    startFrame: version.start_frame,
    dropFrame: version.drop_frame === 1,
    durationFrames: version.duration_frames,
  };
}

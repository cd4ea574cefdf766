import {
  type FrameRate,
  framesToTimecode,
  fromFrameioFramestamp,
  timecodeToFrames,
  toFrameioFramestamp,
} from '@preroll/timecode';
import type { FileRec } from '../state/state-types.ts';

/**
 * Framestamps and timecode at the file's own rate (docs/frameio-api-notes.md, "Comments and
 * framestamps", "Media facts"). A framestamp counts from 1 (index 0 ↔ framestamp 1). The API's
 * `timestamp_as_timecode` form is (choice) standard timecode from 00:00:00:00, drop-frame with
 * `;` at 29.97 and 59.94 as Frame.io displays it; the reviewer UI also shows the source timecode
 * (the media's start timecode added). A file whose rate is unknown has no timecode: nothing is
 * guessed.
 */
export interface TimecodeBasis {
  rate: FrameRate;
  dropFrame: boolean;
  startFrame: number;
}

export function timecodeBasis(file: FileRec): TimecodeBasis | null {
  const facts = file.media.facts;
  if (!facts?.frame_rate) return null;
  return { rate: facts.frame_rate, dropFrame: facts.drop_frame, startFrame: facts.start_frame };
}

export function framestampToTimecode(framestamp: number, basis: TimecodeBasis): string {
  return framesToTimecode(fromFrameioFramestamp(framestamp), basis.rate, { dropFrame: basis.dropFrame });
}

/** The source timecode of a framestamp: what an editor's timeline shows for that frame. */
export function framestampToSourceTimecode(framestamp: number, basis: TimecodeBasis): string {
  return framesToTimecode(fromFrameioFramestamp(framestamp), basis.rate, {
    dropFrame: basis.dropFrame,
    startFrame: basis.startFrame,
  });
}

const TIMECODE = /^(\d{2}):(\d{2}):(\d{2})[:;](\d{2,3})$/;

/**
 * The framestamp of an `HH:MM:SS:FF` string, or null when it is not a timecode at this rate (a
 * frame field past the rate, a label drop-frame skips). Either separator is read in the file's
 * own counting mode.
 */
export function timecodeToFramestamp(tc: string, basis: TimecodeBasis): number | null {
  const m = TIMECODE.exec(tc);
  if (!m) return null;
  const normalised = `${m[1]}:${m[2]}:${m[3]}${basis.dropFrame ? ';' : ':'}${m[4]}`;
  try {
    return toFrameioFramestamp(timecodeToFrames(normalised, basis.rate, { dropFrame: basis.dropFrame }));
  } catch {
    return null;
  }
}

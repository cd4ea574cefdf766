import type { FrameRate } from '@preroll/timecode';

/** How positions on a version are counted: its exact rate, start timecode and length in frames. */
export interface MarkerTiming {
  rate: FrameRate;
  /** The media's start timecode as a frame count (see `parseStartTimecode`). */
  startFrame: number;
  dropFrame: boolean;
  /** Null while unknown; the files then end at the last note. */
  durationFrames: number | null;
}

export interface MarkerReply {
  author: string;
  body: string;
}

/** A picture for the printable report: a whole image, or one tile of a sprite sheet. */
export interface MarkerThumbnail {
  url: string;
  tile?: { x: number; y: number; width: number; height: number };
}

/** One note as the files carry it: a top-level comment with its replies folded in. */
export interface MarkerNote {
  id: string;
  /** 0-based frame index at the version's exact rate. */
  frame: number;
  durationFrames: number | null;
  author: string;
  body: string;
  replies: MarkerReply[];
  visibility: 'internal' | 'client';
  completed: boolean;
  /** Where the note lives in preroll (absolute URL), written into every format that has text. */
  link: string | null;
  createdAt: string;
  thumbnail: MarkerThumbnail | null;
}

/** Everything a marker file is made from. Notes are in timeline order (frame, then creation). */
export interface MarkerDocument {
  /** "Rough cut v3": the sequence / timeline / report title. */
  title: string;
  /** The media's file name (the clip the markers sit on). */
  mediaName: string;
  timing: MarkerTiming;
  width: number | null;
  height: number | null;
  notes: MarkerNote[];
}

export const EXPORT_FORMATS = ['edl', 'resolve-edl', 'fcpxml', 'xmeml', 'avid', 'csv', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The printable report is for people; every other format reads back in. */
export const IMPORT_FORMATS = ['edl', 'resolve-edl', 'fcpxml', 'xmeml', 'avid', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** An exact time in seconds, num/den (den > 0). FCPXML writes every time this way. */
export interface Rational {
  num: bigint;
  den: bigint;
}

/**
 * Where a marker sits, in the file's own terms; `placeMarkers` turns it into a frame of the
 * version (matched to its rate and start timecode).
 */
export type MarkerPosition =
  /** SMPTE timecode on the record (timeline) clock; `dropFrame` null when the file does not say. */
  | { kind: 'timecode'; timecode: string; dropFrame: boolean | null }
  /** Absolute timeline time (start timecode included), as FCPXML writes it. */
  | { kind: 'seconds'; seconds: Rational }
  /** Absolute frame count at the file's rate (start timecode included), as xmeml counts. */
  | { kind: 'frames'; frames: number; rate: FrameRate }
  /** A 0-based index into the media (a CSV's frame column). */
  | { kind: 'index'; frame: number }
  /** Seconds from the first frame of the media (a CSV's seconds column). */
  | { kind: 'offset-seconds'; seconds: number }
  /** The file holds the marker but not where it is (reported, never dropped silently). */
  | { kind: 'unknown'; reason: string };

/** A marker's length in the file's terms: frames at the position's rate, or exact seconds. */
export type MarkerLength =
  | { kind: 'frames'; frames: number }
  | { kind: 'seconds'; seconds: Rational }
  /** The end as a timecode on the same clock as the position (a CSV's Timecode Out). */
  | { kind: 'timecode-out'; timecode: string };

export interface ParsedMarker {
  position: MarkerPosition;
  length: MarkerLength | null;
  /** The short label (FCPXML value, Resolve |M:, xmeml name); may be empty. */
  name: string;
  /** The longer text (FCPXML note, Resolve notes, xmeml comment, Avid comment, CSV text). */
  text: string;
  author: string | null;
  /** Where in the file it was (line or element number), for messages. */
  where: string;
}

export interface ParsedMarkerFile {
  format: ImportFormat;
  markers: ParsedMarker[];
  title: string | null;
  /** The rate the file states (FCPXML frameDuration, xmeml timebase + ntsc), when it states one. */
  rate: FrameRate | null;
  dropFrame: boolean | null;
  /** Where the file's timeline starts, in the same terms as its positions, when it says. */
  start: MarkerPosition | null;
}

/** The file is not of the format it was said to be, or not readable at all. */
export class MarkerParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MarkerParseError';
  }
}

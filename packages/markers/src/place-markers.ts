import {
  type FrameRate,
  sameFrameRate,
  secondsToFrame,
  timecodeFramesPerDay,
  timecodeToFrames,
} from '@preroll/timecode';
import type {
  MarkerLength,
  MarkerPosition,
  MarkerTiming,
  ParsedMarker,
  ParsedMarkerFile,
} from './marker-types.ts';
import { timecodeOf } from './timing-text.ts';

// Turns a file's marker positions into frames of one version, matched to the version's exact
// rate and start timecode. `align: 'timecode'` (the default) puts a marker at 01:00:05:00 on the
// version's frame showing 01:00:05:00; `align: 'start'` puts it as far from the version's first
// frame as it is from the file's timeline start (for a timeline whose start timecode differs).
// Nothing is dropped: a marker outside the version or unreadable is returned with its reason.

export type PlacementStatus = 'ok' | 'out_of_range' | 'unplaceable';

export interface PlacedMarker {
  where: string;
  name: string;
  text: string;
  author: string | null;
  /** 0-based frame in the version; null when the marker could not be placed at all. */
  frame: number | null;
  durationFrames: number | null;
  timecode: string | null;
  status: PlacementStatus;
  reason: string | null;
}

export interface PlacementWarning {
  code: 'rate_mismatch' | 'drop_frame_mismatch' | 'not_on_frame_boundary' | 'start_timecode_differs';
  message: string;
}

export interface PlacementOptions {
  align: 'timecode' | 'start';
  /** Where the file's timeline starts, when the file does not say (align 'start' only). */
  fileStart: string | null;
}

export class PlacementError extends Error {
  constructor(
    readonly code: 'file_start_unknown' | 'invalid_file_start',
    message: string,
  ) {
    super(message);
    this.name = 'PlacementError';
  }
}

type Absolute = { frame: number; exact: boolean } | { error: string };

class Placer {
  readonly warnings = new Map<PlacementWarning['code'], string>();

  constructor(
    private readonly file: ParsedMarkerFile,
    private readonly timing: MarkerTiming,
  ) {}

  /** Frames counted from 00:00:00:00 at the version's rate (its start timecode included). */
  absolute(position: MarkerPosition): Absolute {
    const { rate } = this.timing;
    switch (position.kind) {
      case 'timecode':
        return this.timecodeFrames(position.timecode, position.dropFrame);
      case 'seconds': {
        const scaled = position.seconds.num * BigInt(rate.num);
        const den = position.seconds.den * BigInt(rate.den);
        const floor = scaled >= 0n ? scaled / den : -((-scaled + den - 1n) / den);
        return { frame: Number(floor), exact: floor * den === scaled };
      }
      case 'frames':
        return this.convertFrames(position.frames, position.rate);
      default:
        return { error: 'not an absolute position' };
    }
  }

  private timecodeFrames(timecode: string, stated: boolean | null): Absolute {
    const { rate } = this.timing;
    const dropFrame = timecode.includes(';') ? true : (stated ?? this.timing.dropFrame);
    if (dropFrame !== this.timing.dropFrame) {
      this.warnings.set(
        'drop_frame_mismatch',
        `The file counts ${dropFrame ? 'drop-frame' : 'non-drop-frame'} timecode; the version is ${this.timing.dropFrame ? 'drop-frame' : 'non-drop-frame'}. Positions were read as the file counts them.`,
      );
    }
    try {
      return { frame: timecodeToFrames(timecode, rate, { dropFrame }), exact: true };
    } catch (err) {
      if (dropFrame && stated === null && !timecode.includes(';')) {
        // A ':' timecode that drop-frame skips can only be non-drop: read it so.
        try {
          return { frame: timecodeToFrames(timecode, rate, { dropFrame: false }), exact: true };
        } catch {}
      }
      return {
        error: `timecode ${timecode} does not exist at the version's rate: ${(err as Error).message}`,
      };
    }
  }

  private convertFrames(frames: number, from: FrameRate): Absolute {
    const to = this.timing.rate;
    if (sameFrameRate(from, to)) return { frame: frames, exact: true };
    this.warnings.set(
      'rate_mismatch',
      `The file runs at ${from.num}/${from.den} fps and the version at ${to.num}/${to.den}; markers were placed on the version's frame showing the same time.`,
    );
    const scaled = BigInt(frames) * BigInt(from.den) * BigInt(to.num);
    const den = BigInt(from.num) * BigInt(to.den);
    return { frame: Number(scaled / den), exact: scaled % den === 0n };
  }

  length(marker: ParsedMarker, start: number): number {
    const length: MarkerLength | null = marker.length;
    if (!length) return 1;
    if (length.kind === 'seconds') {
      const frames = this.absolute({ kind: 'seconds', seconds: length.seconds });
      return 'frame' in frames ? Math.max(1, frames.frame) : 1;
    }
    if (length.kind === 'timecode-out') {
      const end = this.timecodeFrames(length.timecode, null);
      return 'frame' in end && end.frame > start ? end.frame - start : 1;
    }
    const { position } = marker;
    if (position.kind === 'frames') {
      const converted = this.convertFrames(length.frames, position.rate);
      return 'frame' in converted ? Math.max(1, converted.frame) : 1;
    }
    return Math.max(1, length.frames);
  }

  /** The file's timeline start as absolute frames, for align 'start'. */
  fileStart(explicit: string | null): number {
    if (explicit !== null) {
      const at = this.timecodeFrames(explicit, null);
      if ('error' in at) throw new PlacementError('invalid_file_start', at.error);
      return at.frame;
    }
    const stated = this.file.start ? this.absolute(this.file.start) : null;
    if (!stated || 'error' in stated) {
      throw new PlacementError(
        'file_start_unknown',
        'This file does not say where its timeline starts; give the start timecode (file_start) to align by start',
      );
    }
    return stated.frame;
  }

  place(marker: ParsedMarker, offset: number | null): PlacedMarker {
    const base = { where: marker.where, name: marker.name, text: marker.text, author: marker.author };
    const unplaced = (reason: string): PlacedMarker => ({
      ...base,
      frame: null,
      durationFrames: null,
      timecode: null,
      status: 'unplaceable',
      reason,
    });
    const { position } = marker;
    let frame: number;
    let absoluteStart: number;
    if (position.kind === 'unknown') return unplaced(position.reason);
    if (position.kind === 'index' || position.kind === 'offset-seconds') {
      frame = position.kind === 'index' ? position.frame : secondsToFrame(position.seconds, this.timing.rate);
      absoluteStart = frame + this.timing.startFrame;
    } else {
      const at = this.absolute(position);
      if ('error' in at) return unplaced(at.error);
      if (!at.exact) {
        this.warnings.set(
          'not_on_frame_boundary',
          'Some markers fall between two frames of the version; each was put on the frame showing at its time.',
        );
      }
      absoluteStart = at.frame;
      frame = at.frame - (offset ?? this.timing.startFrame);
      const perDay = timecodeFramesPerDay(this.timing.rate, this.timing.dropFrame);
      const duration = this.timing.durationFrames ?? Number.POSITIVE_INFINITY;
      // A programme that runs past midnight: 00:00:10:00 after a 23:59:00:00 start is 70 s in.
      if (offset === null && frame < 0 && frame + perDay < duration) frame += perDay;
    }
    let length = this.length(marker, absoluteStart);
    const duration = this.timing.durationFrames;
    const tcOf = (f: number) => (f >= 0 ? timecodeOf(f, this.timing) : null);
    if (frame < 0 || (duration !== null && frame >= duration)) {
      return {
        ...base,
        frame,
        durationFrames: length > 1 ? length : null,
        timecode: tcOf(frame),
        status: 'out_of_range',
        reason:
          frame < 0
            ? 'before the version starts'
            : `after the version ends (it has ${duration} frames, up to ${timecodeOf(duration! - 1, this.timing)})`,
      };
    }
    let reason: string | null = null;
    if (duration !== null && frame + length > duration) {
      length = duration - frame;
      reason = 'shortened to end with the version';
    }
    return {
      ...base,
      frame,
      durationFrames: length > 1 ? length : null,
      timecode: timecodeOf(frame, this.timing),
      status: 'ok',
      reason,
    };
  }
}

export interface Placement {
  markers: PlacedMarker[];
  warnings: PlacementWarning[];
}

export function placeMarkers(
  file: ParsedMarkerFile,
  timing: MarkerTiming,
  options: PlacementOptions,
): Placement {
  const placer = new Placer(file, timing);
  const offset = options.align === 'start' ? placer.fileStart(options.fileStart) : null;
  const markers = file.markers.map((m) => placer.place(m, offset));
  if (file.rate && !sameFrameRate(file.rate, timing.rate)) {
    placer.warnings.set(
      'rate_mismatch',
      `The file's timeline runs at ${file.rate.num}/${file.rate.den} fps and the version at ${timing.rate.num}/${timing.rate.den}; markers were placed on the version's frame showing the same time.`,
    );
  }
  const positioned = markers.filter((m) => m.status !== 'unplaceable');
  if (
    options.align === 'timecode' &&
    positioned.length > 0 &&
    positioned.every((m) => m.status === 'out_of_range')
  ) {
    placer.warnings.set(
      'start_timecode_differs',
      `No marker falls inside the version at its start timecode ${timecodeOf(0, timing)}. If the file's timeline starts elsewhere, align by start (give file_start when the file does not say it).`,
    );
  }
  return { markers, warnings: [...placer.warnings].map(([code, message]) => ({ code, message })) };
}

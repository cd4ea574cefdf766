import { invalid } from '../http/api-error.ts';
import type { FileRec } from '../state/state-types.ts';
import { type TimecodeBasis, timecodeBasis, timecodeToFramestamp } from './timecode.ts';

/** What kind of file a comment is left on, as the schema's rules name them. */
export type CommentFileKind = 'video' | 'audio' | 'image' | 'document' | 'other';

/**
 * The probe's answer first (a `.bin` that holds video is video); the name's media type when the
 * bytes could not be read.
 */
export function commentFileKind(file: FileRec): CommentFileKind {
  const kind = file.media.facts?.kind;
  if (kind === 'video' || kind === 'audio' || kind === 'image') return kind;
  const t = file.media_type;
  if (t.startsWith('video/') || t === 'application/mxf') return 'video';
  if (t.startsWith('audio/')) return 'audio';
  if (t.startsWith('image/')) return 'image';
  if (t === 'application/pdf' || t.startsWith('text/')) return 'document';
  return 'other';
}

export interface CommentFields {
  timestamp?: unknown;
  duration?: number | null;
  page?: number | null;
  annotation?: string | null;
  attachments?: unknown[];
  text_review_annotation?: unknown;
}

/**
 * The schema's prose rules (docs/frameio-api-notes.md, "Comments and framestamps"): a timestamp
 * "Only allowed when file type is 'audio', 'stream', or 'video'"; an annotation "Allowed for
 * document, image, video, or stream file types. JSON must be stringified"; `page` "Only allowed
 * when file type is a pdf document".
 */
export function checkFieldsForFile(d: CommentFields, file: FileRec): void {
  // (choice) attachments need a second upload flow the sandbox does not emulate
  if (d.attachments && d.attachments.length > 0)
    throw invalid('/data/attachments', 'Attachments are not supported by the sandbox');
  const kind = commentFileKind(file);
  const pdf = file.media_type === 'application/pdf';
  if (d.page !== undefined && d.page !== null && !pdf)
    throw invalid('/data/page', 'page is only allowed for PDF documents');
  if (d.text_review_annotation !== undefined && !pdf) {
    throw invalid('/data/text_review_annotation', 'text_review_annotation is only allowed for documents');
  }
  if (d.timestamp !== undefined && d.timestamp !== null && kind !== 'video' && kind !== 'audio') {
    throw invalid(
      '/data/timestamp',
      `timestamp is only allowed on audio and video files, not on ${kind} files`,
    );
  }
  if (d.annotation !== undefined && d.annotation !== null) {
    if (kind === 'audio' || kind === 'other')
      throw invalid('/data/annotation', `annotation is not allowed on ${kind} files`);
    try {
      JSON.parse(d.annotation);
    } catch {
      throw invalid('/data/annotation', 'annotation must be stringified JSON');
    }
  }
}

/**
 * Integer framestamps start at 1; a timecode string is read at the file's own rate, and refused
 * when that rate is unknown (nothing is guessed).
 */
export function toFramestamp(value: unknown, file: FileRec): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const basis: TimecodeBasis | null = timecodeBasis(file);
    if (!basis) {
      throw invalid(
        '/data/timestamp',
        `This file's frame rate is unknown (${file.media.note ?? 'its media facts are not known yet'}); send an integer framestamp`,
      );
    }
    const framestamp = timecodeToFramestamp(value, basis);
    if (framestamp === null) {
      throw invalid(
        '/data/timestamp',
        `Invalid timecode at this file's rate, expected ${basis.dropFrame ? 'HH:MM:SS;FF (drop-frame)' : 'HH:MM:SS:FF'}`,
      );
    }
    return framestamp;
  }
  if (typeof value === 'number' && value < 1) throw invalid('/data/timestamp', 'Framestamps start at 1');
  return value as number;
}

/** (choice) When the frame count is known, a comment (and its range) must lie inside the media. */
export function checkWithinMedia(file: FileRec, timestamp: number | null, duration: number | null): void {
  const frames = file.media.facts?.frame_count;
  if (!frames || timestamp === null) return;
  if (timestamp > frames)
    throw invalid('/data/timestamp', `Framestamp ${timestamp} is past the last frame (${frames})`);
  if (duration !== null && timestamp + duration - 1 > frames)
    throw invalid('/data/duration', `The range ends past the last frame (${frames})`);
}

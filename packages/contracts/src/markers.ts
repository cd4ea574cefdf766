import { z } from 'zod';
import { plainString } from './common.ts';

/** NLE marker export and import (docs/editors.md). Kept equal to @preroll/markers' lists. */
export const MARKER_EXPORT_FORMATS = [
  'edl',
  'resolve-edl',
  'fcpxml',
  'xmeml',
  'avid',
  'csv',
  'html',
] as const;
export const MARKER_IMPORT_FORMATS = ['edl', 'resolve-edl', 'fcpxml', 'xmeml', 'avid', 'csv'] as const;
export type MarkerExportFormat = (typeof MARKER_EXPORT_FORMATS)[number];
export type MarkerImportFormat = (typeof MARKER_IMPORT_FORMATS)[number];

/** A format name with its own error code, so a client can tell "unknown format" from other input. */
function formatOf<const F extends readonly string[]>(formats: F, what: string) {
  return plainString()
    .refine((v) => (formats as readonly string[]).includes(v), {
      message: `${what} must be one of ${formats.join(', ')}`,
      params: { code: 'unknown_marker_format' },
    })
    .transform((v) => v as F[number]);
}

const timecode = plainString()
  .trim()
  .regex(/^\d{2}:\d{2}:\d{2}[:;]\d{2,3}$/, 'must be HH:MM:SS:FF (or ;FF for drop-frame)');

export const exportMarkersQuery = z.strictObject({
  format: formatOf(MARKER_EXPORT_FORMATS, 'format'),
  /** open, done or all notes (done = completed). */
  status: z.enum(['open', 'done', 'all']).default('all'),
  /** Team only: every note, or only what the client sees. Portal users always get the latter. */
  visibility: z.enum(['all', 'client']).default('all'),
  /** `inline` opens the printable report in the browser instead of downloading it. */
  disposition: z.enum(['attachment', 'inline']).default('attachment'),
});
export type ExportMarkersQuery = z.infer<typeof exportMarkersQuery>;

export const importMarkersQuery = z.strictObject({
  format: formatOf(MARKER_IMPORT_FORMATS, 'format'),
  /** timecode: a marker goes on the frame showing its timecode; start: as far from the first frame as from the file's start. */
  align: z.enum(['timecode', 'start']).default('timecode'),
  /** Where the file's timeline starts, for align=start when the file does not say. */
  file_start: timecode.optional(),
  /** Visibility of the comments created (default internal: editors' markers are the team's). */
  visibility: z.enum(['internal', 'client']).default('internal'),
});
export type ImportMarkersQuery = z.infer<typeof importMarkersQuery>;

export type MarkerImportStatus =
  | 'create'
  | 'already_imported'
  | 'already_on_version'
  | 'out_of_range'
  | 'unplaceable';

/** One marker of an imported file, as the preview and the import answer it. */
export interface MarkerImportItem {
  where: string;
  status: MarkerImportStatus;
  reason: string | null;
  frame: number | null;
  duration_frames: number | null;
  timecode: string | null;
  body: string;
  author: string | null;
  /** The comment created for it (import only). */
  comment_id: string | null;
}

export interface MarkerImportResult {
  format: MarkerImportFormat;
  align: 'timecode' | 'start';
  version: {
    frame_rate: string;
    start_timecode: string;
    drop_frame: boolean;
    duration_frames: number | null;
  };
  file: { title: string | null; frame_rate: string | null; drop_frame: boolean | null };
  warnings: Array<{ code: string; message: string }>;
  counts: Record<MarkerImportStatus, number>;
  /** How many comments this call created (always 0 for a preview). */
  created: number;
  markers: MarkerImportItem[];
}

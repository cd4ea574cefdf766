import { z } from 'zod';
import { MARKER_IMPORT_FORMATS } from '../markers.ts';

const importStatus = z.enum([
  'create',
  'already_imported',
  'already_on_version',
  'out_of_range',
  'unplaceable',
]);

/** The preview and the import answer the same shape (`MarkerImportResult`, docs/editors.md). */
export const markerImportView = z.object({
  format: z.enum(MARKER_IMPORT_FORMATS),
  align: z.enum(['timecode', 'start']),
  version: z.object({
    frame_rate: z.string(),
    start_timecode: z.string(),
    drop_frame: z.boolean(),
    duration_frames: z.number().int().nullable(),
  }),
  file: z.object({
    title: z.string().nullable(),
    frame_rate: z.string().nullable(),
    drop_frame: z.boolean().nullable(),
  }),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  counts: z.record(importStatus, z.number().int()),
  /** How many comments this call created (always 0 for a preview). */
  created: z.number().int(),
  markers: z.array(
    z.object({
      where: z.string(),
      status: importStatus,
      reason: z.string().nullable(),
      frame: z.number().int().nullable(),
      duration_frames: z.number().int().nullable(),
      timecode: z.string().nullable(),
      body: z.string(),
      author: z.string().nullable(),
      comment_id: z.uuid().nullable(),
    }),
  ),
});

/**
 * `GET /versions/{id}/timeline-markers` (`TimelineMarkers`): every live thread placed on a frame,
 * what the player's scrub bar draws, without the text, as compact rows so a review of thousands of
 * notes stays one small read (docs/api.md "Timeline markers"). A row is
 * `[id, frame, duration_frames, flags, author]`: `flags` are MARKER_FLAGS (marker-flags.ts): 1
 * internal, 2 done, 4 has a drawing; `author` indexes `authors`.
 */
export const timelineMarkersView = z.object({
  /** The threads' authors, named as the viewer may see them (clients may see "Production team"). */
  authors: z.array(z.object({ type: z.enum(['user', 'portal_user', 'external']), name: z.string() })),
  /** In timeline order: by frame, then by id (creation). */
  markers: z.array(
    z.tuple([
      z.uuid(),
      z.number().int().min(0),
      z.number().int().min(1).nullable(),
      z.number().int().min(0).max(7),
      z.number().int().min(0),
    ]),
  ),
});

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
 * `GET /versions/{id}/timeline-markers` (`TimelineMarker`): one per live thread placed on a frame,
 * what the player's scrub bar draws, without the text (docs/api.md "Comments").
 */
export const timelineMarkerView = z.object({
  id: z.uuid(),
  frame: z.number().int(),
  duration_frames: z.number().int().nullable(),
  visibility: z.enum(['internal', 'client']),
  completed: z.boolean(),
  /** Named as the viewer may see them (clients may see "Production team"). */
  author: z.object({ type: z.enum(['user', 'portal_user', 'external']), name: z.string() }),
  has_drawing: z.boolean(),
});

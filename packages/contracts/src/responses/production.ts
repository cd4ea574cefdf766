import { z } from 'zod';
import { deliverableKind, deliverableStatus } from '../deliverables.ts';
import { calendarDate, episodeStatus } from '../episodes.ts';
import { timestamp } from './envelope.ts';

export const clientView = z.object({
  id: z.uuid(),
  org_id: z.uuid(),
  name: z.string(),
  contact_email: z.string().nullable(),
  notes: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

export const showView = z.object({
  id: z.uuid(),
  org_id: z.uuid(),
  client_id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

export const episodeView = z.object({
  id: z.uuid(),
  org_id: z.uuid(),
  show_id: z.uuid(),
  title: z.string(),
  number: z.number().int().nullable(),
  status: episodeStatus,
  air_date: calendarDate.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

export const deliverableView = z.object({
  id: z.uuid(),
  org_id: z.uuid(),
  episode_id: z.uuid(),
  title: z.string(),
  kind: deliverableKind,
  status: deliverableStatus,
  due_date: calendarDate.nullable(),
  /** 1 when the client may download the originals from the portal (PATCH client_may_download). */
  client_may_download: z.number().int().min(0).max(1).optional(),
  created_at: timestamp,
  updated_at: timestamp,
});

/** A version: stored facts plus the derived, human-facing ones (rate label, start timecode). */
export const versionView = z.object({
  id: z.uuid(),
  deliverable_id: z.uuid(),
  number: z.number().int(),
  status: z.enum(['processing', 'ready', 'failed']),
  filename: z.string(),
  content_type: z.string(),
  size: z.number().int(),
  sha256: z.string().nullable(),
  media_kind: z.enum(['video', 'audio', 'other']),
  frame_rate: z.string().nullable(),
  frame_rate_label: z.string().nullable(),
  duration_seconds: z.number().nullable(),
  duration_frames: z.number().int().nullable(),
  start_frame: z.number().int(),
  start_timecode: z.string().nullable(),
  drop_frame: z.boolean(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  probe_error: z.string().nullable(),
  /** Null for portal viewers: team members' ids stay inside the team. */
  uploaded_by: z.uuid().nullable(),
  media_url: z.string(),
  // What the media pipeline adds (VersionPlayback in versions.ts; docs/uploads-and-review.md).
  playback_url: z.string().nullable(),
  proxy_status: z.enum(['not_needed', 'pending', 'processing', 'ready', 'failed']),
  proxy_error: z.string().nullable(),
  poster_url: z.string().nullable(),
  thumbnails_vtt_url: z.string().nullable(),
  waveform_url: z.string().nullable(),
  processing: z
    .object({
      stage: z.enum(['analysing', 'transcoding', 'previews']),
      percent: z.number().nullable(),
      eta_seconds: z.number().nullable(),
    })
    .nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

const commentFields = {
  id: z.uuid(),
  version_id: z.uuid(),
  parent_id: z.uuid().nullable(),
  author: z.object({
    type: z.enum(['user', 'portal_user', 'external']),
    id: z.string().nullable(),
    name: z.string(),
  }),
  /** Null once deleted (the thread keeps its place). */
  body: z.string().nullable(),
  visibility: z.enum(['internal', 'client']),
  source: z.enum(['preroll', 'frameio']),
  frame: z.number().int().nullable(),
  duration_frames: z.number().int().nullable(),
  timestamp: z.number().nullable(),
  timecode: z.string().nullable(),
  created_at: timestamp,
  edited_at: timestamp.nullable(),
  deleted: z.boolean(),
  /** The note this one was carried from (carry-forward), and where that note is. */
  carried_from: z.uuid().nullable(),
  carried_origin: z
    .object({
      comment_id: z.uuid(),
      version_id: z.uuid(),
      version_number: z.number().int(),
      frame: z.number().int().nullable(),
      timecode: z.string().nullable(),
    })
    .nullable(),
};

/** A reply: threads are one level deep, so its own `replies` is always empty. */
export const commentReplyView = z.object({ ...commentFields, replies: z.array(z.never()) });
export const commentView = z.object({ ...commentFields, replies: z.array(commentReplyView) });

import { z } from 'zod';
import { deliverableKind } from '../deliverables.ts';
import { calendarDate } from '../episodes.ts';
import { timestamp } from './envelope.ts';

export const portalUserView = z.object({
  id: z.uuid(),
  client_id: z.uuid(),
  email: z.string(),
  name: z.string(),
  created_at: timestamp,
});

export const magicLinkSentView = z.object({
  portal_user_id: z.uuid(),
  email: z.string(),
  expires_at: timestamp,
});

export const portalMeView = z.object({
  user: portalUserView,
  client: z.object({ id: z.uuid(), name: z.string() }),
});
export const portalSessionView = portalMeView.extend({ csrf_token: z.string() });

export const portalShowView = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
});

export const portalEpisodeView = z.object({
  id: z.uuid(),
  show_id: z.uuid(),
  title: z.string(),
  number: z.number().int().nullable(),
  air_date: calendarDate.nullable(),
});

/** The status as the client sees it: drafts never reach the portal, both submits read "in review". */
export const clientDeliverableStatus = z.enum(['in_review', 'approved', 'changes_requested']);

/** A deliverable as the portal shows it (also the answer to a client's approve / request-revision). */
export const clientDeliverableView = z.object({
  id: z.uuid(),
  episode_id: z.uuid(),
  title: z.string(),
  kind: deliverableKind,
  due_date: calendarDate.nullable(),
  status: clientDeliverableStatus,
  /** The team lets the client download the original files (docs/client-portal.md, "Downloads"). */
  may_download: z.boolean(),
  updated_at: timestamp,
});

export const portalDeliverableView = clientDeliverableView.extend({
  review_links: z.array(
    z.object({
      version_number: z.number().int(),
      short_url: z.string(),
      expires_at: timestamp.nullable(),
    }),
  ),
});

/** The portal landing's list: what the team sent and the client has not decided yet. */
export const portalWaitingView = z.object({
  id: z.uuid(),
  title: z.string(),
  kind: deliverableKind,
  status: clientDeliverableStatus,
  due_date: calendarDate.nullable(),
  updated_at: timestamp,
  episode_id: z.uuid(),
  episode_title: z.string(),
  episode_number: z.number().int().nullable(),
  show_id: z.uuid(),
  show_title: z.string(),
  /** The newest ready version, null while none is ready. */
  latest_version_id: z.uuid().nullable(),
  latest_version_number: z.number().int().nullable(),
  /** That version's poster frame, which the portal user may fetch; null until it is made, or for audio. */
  latest_version_poster_url: z.string().nullable(),
  latest_version_media_kind: z.enum(['video', 'audio', 'other']).nullable(),
});

/** An episode with its show's name, for the portal's breadcrumb. */
export const portalEpisodeDetailView = z.object({
  id: z.uuid(),
  title: z.string(),
  number: z.number().int().nullable(),
  show: z.object({ id: z.uuid(), title: z.string() }),
});

import { z } from 'zod';
import { nonEmptyText, pageQuery, plainString } from './common.ts';
import { calendarDate } from './episodes.ts';
import { REVISION_NOTE_MAX, TITLE_MAX } from './limits.ts';

export const deliverableKind = z.enum(['cut', 'mix', 'trailer', 'teaser', 'audio', 'other']);
export const deliverableStatus = z.enum([
  'draft',
  'submitted',
  'approved',
  'revision_requested',
  'resubmitted',
]);

export const createDeliverableBody = z.strictObject({
  title: nonEmptyText(TITLE_MAX),
  kind: deliverableKind.default('other'),
  due_date: calendarDate.nullable().optional(),
});

/**
 * `status` is named here only to explain why it is refused: it changes only through the
 * lifecycle actions, which record who did it and notify the team.
 */
export const updateDeliverableBody = z.strictObject({
  title: nonEmptyText(TITLE_MAX).optional(),
  kind: deliverableKind.optional(),
  due_date: calendarDate.nullable().optional(),
  /** The client may download the original files from the portal. */
  client_may_download: z.boolean().optional(),
  status: z
    .never({ error: 'status is read-only here: use POST /submit, /approve or /request-revision' })
    .optional(),
});

export const listDeliverablesQuery = z.strictObject({
  episode_id: z.uuid().optional(),
  status: deliverableStatus.optional(),
  ...pageQuery,
});

export const requestRevisionBody = z.strictObject({
  note: plainString().trim().max(REVISION_NOTE_MAX).optional(),
});

export type CreateDeliverableBody = z.infer<typeof createDeliverableBody>;
export type UpdateDeliverableBody = z.infer<typeof updateDeliverableBody>;

import { z } from 'zod';
import { nonEmptyText, pageQuery, text } from './common.ts';
import { NOTES_MAX, TITLE_MAX } from './limits.ts';

export const createShowBody = z.strictObject({
  title: nonEmptyText(TITLE_MAX),
  description: text(NOTES_MAX).nullable().optional(),
});

export const updateShowBody = z.strictObject({
  title: nonEmptyText(TITLE_MAX).optional(),
  description: text(NOTES_MAX).nullable().optional(),
});

export const listShowsQuery = z.strictObject({ client_id: z.uuid().optional(), ...pageQuery });

export type CreateShowBody = z.infer<typeof createShowBody>;
export type UpdateShowBody = z.infer<typeof updateShowBody>;

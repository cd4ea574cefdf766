import { z } from 'zod';
import { nonEmptyText, pageQuery, text } from './common.ts';

export const createShowBody = z.strictObject({
  title: nonEmptyText(200),
  description: text(10_000).nullable().optional(),
});

export const updateShowBody = z.strictObject({
  title: nonEmptyText(200).optional(),
  description: text(10_000).nullable().optional(),
});

export const listShowsQuery = z.strictObject({ client_id: z.uuid().optional(), ...pageQuery });

export type CreateShowBody = z.infer<typeof createShowBody>;
export type UpdateShowBody = z.infer<typeof updateShowBody>;

import { z } from 'zod';
import { nonEmptyText, pageQuery } from './common.ts';

export const createShowBody = z.strictObject({
  title: nonEmptyText(200),
  description: z.string().max(10_000).nullable().optional(),
});

export const updateShowBody = z.strictObject({
  title: nonEmptyText(200).optional(),
  description: z.string().max(10_000).nullable().optional(),
});

export const listShowsQuery = z.strictObject({ client_id: z.uuid().optional(), ...pageQuery });

export type CreateShowBody = z.infer<typeof createShowBody>;
export type UpdateShowBody = z.infer<typeof updateShowBody>;

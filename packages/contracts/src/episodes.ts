import { z } from 'zod';
import { nonEmptyText, pageQuery } from './common.ts';

export const episodeStatus = z.enum(['planned', 'in_production', 'in_review', 'delivered']);
/** A calendar date, YYYY-MM-DD (no time zone: an air date is a day, not an instant). */
export const calendarDate = z.iso.date();

export const createEpisodeBody = z.strictObject({
  title: nonEmptyText(200),
  number: z.number().int().min(0).max(1_000_000).nullable().optional(),
  status: episodeStatus.default('planned'),
  air_date: calendarDate.nullable().optional(),
});

export const updateEpisodeBody = z.strictObject({
  title: nonEmptyText(200).optional(),
  number: z.number().int().min(0).max(1_000_000).nullable().optional(),
  status: episodeStatus.optional(),
  air_date: calendarDate.nullable().optional(),
});

export const listEpisodesQuery = z.strictObject({
  show_id: z.uuid().optional(),
  status: episodeStatus.optional(),
  ...pageQuery,
});

export type CreateEpisodeBody = z.infer<typeof createEpisodeBody>;
export type UpdateEpisodeBody = z.infer<typeof updateEpisodeBody>;

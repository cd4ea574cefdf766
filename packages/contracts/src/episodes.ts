import { z } from 'zod';
import { nonEmptyText, pageQuery } from './common.ts';
import { EPISODE_NUMBER_MAX, TITLE_MAX } from './limits.ts';

export const episodeStatus = z.enum(['planned', 'in_production', 'in_review', 'delivered']);
/** A calendar date, YYYY-MM-DD (no time zone: an air date is a day, not an instant). */
export const calendarDate = z.iso.date();

export const createEpisodeBody = z.strictObject({
  title: nonEmptyText(TITLE_MAX),
  number: z.number().int().min(0).max(EPISODE_NUMBER_MAX).nullable().optional(),
  status: episodeStatus.default('planned'),
  air_date: calendarDate.nullable().optional(),
});

export const updateEpisodeBody = z.strictObject({
  title: nonEmptyText(TITLE_MAX).optional(),
  number: z.number().int().min(0).max(EPISODE_NUMBER_MAX).nullable().optional(),
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

import { z } from 'zod';
import { pageQuery } from './common.ts';

/** The activity feed, newest first: per episode, or per subject (a deliverable, an episode…). */
export const listActivityQuery = z.strictObject({
  episode_id: z.uuid().optional(),
  deliverable_id: z.uuid().optional(),
  ...pageQuery,
});

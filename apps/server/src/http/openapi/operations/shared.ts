import { z } from 'zod';

/** The `:id` of most routes: a UUID, refused before any query runs. */
export const idParams = z.object({ id: z.uuid() });

/** A route whose body is refused unless it is an empty JSON object (lifecycle actions). */
export const emptyBody = z.strictObject({});

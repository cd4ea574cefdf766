import { z } from 'zod';

/**
 * Response envelopes shared by every /api/v1 answer (docs/api.md, "Conventions"). Response schemas
 * describe what preroll sends, so they list every field as required (nullable where it may be
 * null): the OpenAPI document is built from them and the test suite validates every JSON answer
 * against it, so a field added, renamed or dropped in a presenter fails a test until the schema
 * says so too.
 */
export const dataOf = <T extends z.ZodType>(data: T) => z.object({ data });

/** A cursor page: `next_cursor` is null on the last page. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), next_cursor: z.string().nullable() });

/** ISO-8601 UTC timestamps as preroll writes them. */
export const timestamp = z.iso.datetime({ offset: true });
export const nullableTimestamp = timestamp.nullable();

/**
 * The one error shape: `{"error": {"message", "code", ...details}}`. Details are per code
 * (`field` for bad input, `retry_after` for 429, …), so the object stays open.
 */
export const errorEnvelope = z.object({
  error: z.looseObject({ message: z.string(), code: z.string() }),
});

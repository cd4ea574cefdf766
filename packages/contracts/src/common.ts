import { z } from 'zod';

/** Ids are UUIDs (v7 on our side); anything else is rejected before a query runs. */
export const id = z.uuid();

/**
 * The error code for a string holding U+0000. PostgreSQL text cannot store it (the insert failed
 * with a 500), and no person types it, so every request string refuses it up front, with the same
 * answer on SQLite and PostgreSQL.
 */
export const NUL_CHARACTER_CODE = 'nul_character';
const hasNoNul = (s: string) => !s.includes('\0');
const refuseNul = {
  message: 'must not contain the NUL character (U+0000)',
  params: { code: NUL_CHARACTER_CODE },
} as const;

/**
 * The one way request schemas take a string: every string field of packages/contracts starts here
 * (or is a strict format such as a UUID or a date), so none can let NUL through.
 * `apps/server/test/security/nul-bytes.test.ts` walks every schema to keep it so.
 */
export const plainString = () => z.string().refine(hasNoNul, refuseNul);
/** Text kept as given, up to max characters. */
export const text = (max: number) => plainString().max(max);
/** Trimmed text, at least one character after trimming. */
export const nonEmptyText = (max: number) => plainString().trim().min(1).max(max);

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: text(200).optional(),
};

export const roleSchema = z.enum(['owner', 'admin', 'member']);
export const email = z.email().max(254).refine(hasNoNul, refuseNul);

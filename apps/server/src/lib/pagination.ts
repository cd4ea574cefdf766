import { badRequest } from './errors.ts';

/**
 * Cursor pagination over UUIDv7 ids (which sort by creation time): a page is
 * `WHERE id > :after ORDER BY id LIMIT n + 1`, and the extra row tells whether there is a next page.
 * The cursor is opaque to clients (base64url of the last id) so its format can change.
 */
export interface PageRequest {
  limit: number;
  after: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

/** The shape of our ids (lib/ids.ts): UUID version 7, RFC 9562 variant, lowercase hex. */
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * A cursor is exactly what encodeCursor made: the base64url of one of our ids, re-encoding to
 * the same text (Buffer's decoder skips characters it does not know, so `!!` plus a valid cursor
 * would otherwise decode to the same id).
 */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!UUID_V7.test(id) || encodeCursor(id) !== cursor)
    throw badRequest('invalid_cursor', 'The cursor is not valid', { field: 'cursor' });
  return id;
}

/** Builds the page from rows fetched with `limit + 1`. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}

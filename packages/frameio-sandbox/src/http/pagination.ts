import { ApiError } from './api-error.ts';

/**
 * Cursor pagination (frameio-api-notes.md, "Pagination"): opaque `after`, relative `links.next`
 * that carries ONLY `after` (the initial query parameters are deliberately not propagated),
 * `total_count` only when `include_total_count=true` (a choice: omitted otherwise).
 */
export interface PageQuery {
  after?: string;
  page_size?: string;
  include_total_count?: string;
}

export interface Page<T> {
  data: T[];
  links: { next: string | null };
  total_count?: number;
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset, v: 1 })).toString('base64');
}

function decodeCursor(after: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(after, 'base64').toString('utf8')) as { o?: unknown; v?: unknown };
    if (parsed.v === 1 && typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) {
      return parsed.o;
    }
  } catch {
    // fall through
  }
  throw new ApiError(422, [
    { detail: 'Invalid cursor', source: { pointer: '/after' }, title: 'Invalid value' },
  ]);
}

export function paginate<T, R>(
  items: T[],
  query: PageQuery,
  path: string,
  maxPageSize: number,
  present: (t: T) => R,
): Page<R> {
  const size = query.page_size === undefined ? 50 : Number(query.page_size);
  if (!Number.isInteger(size) || size < 1 || size > maxPageSize) {
    throw new ApiError(422, [
      {
        detail: `page_size must be an integer between 1 and ${maxPageSize}`,
        source: { pointer: '/page_size' },
        title: 'Invalid value',
      },
    ]);
  }
  const offset = query.after ? decodeCursor(query.after) : 0;
  const slice = items.slice(offset, offset + size);
  const nextOffset = offset + slice.length;
  const next =
    nextOffset < items.length ? `${path}?after=${encodeURIComponent(encodeCursor(nextOffset))}` : null;
  const page: Page<R> = { data: slice.map(present), links: { next } };
  if (query.include_total_count === 'true') page.total_count = items.length;
  return page;
}

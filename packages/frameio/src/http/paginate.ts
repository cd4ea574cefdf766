import { FrameioError } from '../errors.ts';
import type { Page } from '../types/common.ts';
import type { OperationName } from './operations.ts';
import type { FrameioHttp } from './request.ts';
import { buildUrl, type QueryParams } from './url.ts';

export interface ListRequest {
  operation: OperationName;
  path: string;
  query?: QueryParams;
  signal?: AbortSignal;
}

/** Fetches one page. */
export async function fetchPage<T>(http: FrameioHttp, request: ListRequest): Promise<Page<T>> {
  const envelope = await http.requestEnvelope<T[]>(request);
  const page: Page<T> = { data: envelope.data ?? [], links: { next: envelope.links?.next ?? null } };
  if (envelope.total_count !== undefined) page.total_count = envelope.total_count;
  return page;
}

/**
 * Pages of a list endpoint, following `links.next` until it is null (frameio-api-notes.md,
 * "Pagination"). The link is a relative path with an opaque `after` cursor, and "the query
 * parameters from the initial request aren't propagated to the link": every original parameter
 * other than `after` that the link does not carry (page_size, include, include_total_count, sort,
 * type, …) is added back, otherwise page 2 would silently come back with the default size and
 * without includes.
 */
export async function* paginatePages<T>(http: FrameioHttp, request: ListRequest): AsyncGenerator<Page<T>> {
  let page = await fetchPage<T>(http, request);
  yield page;
  const seen = new Set<string>();
  while (page.links.next) {
    const next = nextRequest(http.baseUrl, request, page.links.next);
    if (seen.has(next.path)) {
      throw new FrameioError({
        operation: request.operation,
        method: 'GET',
        path: next.path,
        detail: 'pagination loop: links.next repeats a page already fetched',
      });
    }
    seen.add(next.path);
    page = await fetchPage<T>(http, next);
    yield page;
  }
}

/** Every item of a list endpoint, page by page. */
export async function* paginate<T>(http: FrameioHttp, request: ListRequest): AsyncGenerator<T> {
  for await (const page of paginatePages<T>(http, request)) yield* page.data;
}

function nextRequest(baseUrl: string, first: ListRequest, next: string): ListRequest {
  const base = new URL(baseUrl);
  let link: URL;
  if (next.startsWith('/')) {
    link = new URL(next, base.origin);
  } else {
    link = new URL(next);
    // The bearer token goes wherever the link points: never follow it off the API host.
    if (link.origin !== base.origin) {
      throw new FrameioError({
        operation: first.operation,
        method: 'GET',
        path: link.pathname,
        detail: 'links.next points to another host; refusing to send credentials there',
      });
    }
  }
  const original = buildUrl(baseUrl, first.path, first.query).searchParams;
  for (const [key, value] of original) {
    if (key !== 'after' && !link.searchParams.has(key)) link.searchParams.set(key, value);
  }
  // The link is absolute from the API root; keep any path prefix of a non-default base URL.
  const prefix = base.pathname.replace(/\/+$/, '');
  const pathname =
    prefix && link.pathname.startsWith(`${prefix}/`) ? link.pathname.slice(prefix.length) : link.pathname;
  const request: ListRequest = { operation: first.operation, path: pathname + link.search };
  if (first.signal) request.signal = first.signal;
  return request;
}

// Paths and query strings. Ids are encoded per segment so an id can never change the path
// (Adobe ids contain `:` and `|`, frameio-api-notes.md, "IDs").

export type QueryValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly string[]
  | Readonly<Record<string, string | number | boolean | undefined>>;

export type QueryParams = Readonly<Record<string, QueryValue>>;

/** Tagged template: `path\`/v4/accounts/${id}\`` encodes every interpolated value. */
export function path(strings: TemplateStringsArray, ...values: string[]): string {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    if (typeof value !== 'string' || value === '') throw new TypeError(`path parameter ${i} is empty`);
    out += encodeURIComponent(value) + (strings[i + 1] ?? '');
  });
  return out;
}

/**
 * Appends query params: arrays comma-joined (`include=a,b`, frameio-api-notes.md,
 * "List parameters"), objects as `key[sub]=v`.
 */
export function appendQuery(params: URLSearchParams, query: QueryParams | undefined): void {
  if (!query) return;
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else if (typeof value === 'object') {
      for (const [sub, v] of Object.entries(value as Record<string, unknown>)) {
        if (v !== undefined) params.set(`${key}[${sub}]`, String(v));
      }
    } else {
      params.set(key, String(value));
    }
  }
}

/** Joins base URL (which may carry a path prefix) and an absolute API path. */
export function buildUrl(baseUrl: string, pathAndQuery: string, query?: QueryParams): URL {
  if (!pathAndQuery.startsWith('/')) throw new TypeError('API paths must start with "/"');
  const url = new URL(baseUrl.replace(/\/+$/, '') + pathAndQuery);
  appendQuery(url.searchParams, query);
  return url;
}

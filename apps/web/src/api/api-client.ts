/**
 * The one way the SPA talks to the API: same-origin fetch with the session cookie, the CSRF
 * double-submit header on writes, and the API's `{error: {message, code, field}}` turned into a
 * typed ApiError so each screen can show it where it happened (field errors next to the input).
 */

export const CSRF_COOKIE = 'preroll_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The request field the error is about (`name`, `contact_email`…), when the API says. */
    readonly field: string | undefined = undefined,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function csrfToken(): string | undefined {
  return readCookie(CSRF_COOKIE);
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export type Query = Record<string, string | number | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

/** Sends a request to `/api/v1${path}`; resolves the parsed JSON body (undefined for 204). */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (!SAFE.has(method)) {
    const token = csrfToken();
    if (token) headers[CSRF_HEADER] = token;
  }
  let payload: string | undefined;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body: payload, credentials: 'include' });
  } catch {
    throw new ApiError(
      0,
      'network_error',
      'Could not reach the server. Check your connection and try again.',
    );
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const err = (json as { error?: Record<string, unknown> } | undefined)?.error;
    if (err && typeof err.message === 'string') {
      const { message, code, field, ...details } = err;
      throw new ApiError(
        res.status,
        typeof code === 'string' ? code : `http_${res.status}`,
        message,
        typeof field === 'string' ? field : undefined,
        details,
      );
    }
    throw new ApiError(
      res.status,
      `http_${res.status}`,
      `The server answered ${res.status} ${res.statusText}`.trim(),
    );
  }
  return json as T;
}

/** GET and unwrap `{data}`. */
export async function getData<T>(path: string, query?: Query): Promise<T> {
  const res = await request<{ data: T }>('GET', withQuery(path, query));
  return res.data;
}

/** GET one page of a cursor list. */
export function getPage<T>(path: string, query?: Query): Promise<Page<T>> {
  return request<Page<T>>('GET', withQuery(path, query));
}

export async function post<T = unknown>(path: string, body: unknown = {}): Promise<T> {
  const res = await request<{ data: T } | undefined>('POST', path, body);
  return res?.data as T;
}

export async function put<T = unknown>(path: string, body: unknown): Promise<T> {
  const res = await request<{ data: T } | undefined>('PUT', path, body);
  return res?.data as T;
}

export async function patch<T = unknown>(path: string, body: unknown): Promise<T> {
  const res = await request<{ data: T } | undefined>('PATCH', path, body);
  return res?.data as T;
}

export async function del(path: string): Promise<void> {
  await request<void>('DELETE', path);
}

/** DELETE that answers `{data}` (e.g. Frame.io disconnect's warnings). */
export async function delData<T = unknown>(path: string): Promise<T> {
  const res = await request<{ data: T } | undefined>('DELETE', path);
  return res?.data as T;
}

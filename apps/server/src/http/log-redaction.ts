import type { FastifyRequest } from 'fastify';

/**
 * Secrets travel in URLs: magic links (`/portal/login?token=…`), invitations (`/invite/<token>`),
 * the Frame.io OAuth callback (`?code=…&state=…`). A log line must never hold one, at any level,
 * so every URL is redacted before it is logged or echoed, on every route, by one rule:
 *
 * - every query-string value is replaced (the names stay: they say what the request was);
 * - a path segment after a token route (`/invite/`, `/reset-password/`, …) is replaced;
 * - any other path segment that looks like one of our tokens (32+ url-safe base64 characters that
 *   are not a UUID or a hex id) is replaced too, so a new token route is covered before anyone
 *   remembers to list it.
 */
export const REDACTED = '[redacted]';

/** Route segments whose next segment is a secret (compared case-insensitively, as the SPA routes). */
const TOKEN_ROUTES = ['invite', 'reset-password', 'password-reset', 'magic-link'];
const TOKEN_LIKE = /^[A-Za-z0-9_-]{32,}$/;
const ID_LIKE = /^(?:[0-9a-f]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function secretSegment(segments: string[], i: number): boolean {
  const segment = decoded(segments[i]!);
  if (segment === '') return false;
  const previous = i > 0 ? decoded(segments[i - 1]!).toLowerCase() : '';
  if (TOKEN_ROUTES.includes(previous)) return true;
  return TOKEN_LIKE.test(segment) && !ID_LIKE.test(segment);
}

/** A path with its query: token-like path segments and every query value replaced. */
export function redactUrl(url: string): string {
  const hashAt = url.indexOf('#');
  const withoutHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = withoutHash.indexOf('?');
  const path = queryAt === -1 ? withoutHash : withoutHash.slice(0, queryAt);
  const segments = path.split('/');
  const safePath = segments.map((s, i) => (secretSegment(segments, i) ? REDACTED : s)).join('/');
  if (queryAt === -1) return safePath;
  const query = withoutHash
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      if (pair === '') return pair;
      const eq = pair.indexOf('=');
      // A bare `?abc` has no name: the whole thing may be the secret.
      return eq === -1 ? REDACTED : `${pair.slice(0, eq)}=${REDACTED}`;
    })
    .join('&');
  return `${safePath}?${query}`;
}

const URL_IN_TEXT = /(?:https?:\/\/[^\s/'"`]+)?\/[^\s'"`]*/g;

/** Redacts every URL or path inside free text (error messages and stacks may quote one). */
export function redactText(text: string): string {
  return text.replace(URL_IN_TEXT, (match) => {
    const origin = /^https?:\/\/[^\s/'"`]+/.exec(match)?.[0] ?? '';
    return origin + redactUrl(match.slice(origin.length));
  });
}

/** pino serializer for `req`: Fastify's fields, with the URL redacted. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export interface SerializedError {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
}

/** pino serializer for `err`: message and stack redacted, the rest of the error's own fields kept. */
export function serializeError(err: Error): SerializedError {
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(err)) {
    own[key] = typeof value === 'string' ? redactText(value) : value;
  }
  const cause = err.cause;
  return {
    ...own,
    type: err.name,
    message: redactText(err.message),
    stack: redactText(err.stack ?? ''),
    ...(cause === undefined ? {} : { cause: cause instanceof Error ? serializeError(cause) : cause }),
  };
}

import type { HttpMethod } from './http/operations.ts';
import { redactText, redactValue } from './http/redact.ts';
import type { FrameioErrorDetail } from './types/common.ts';

// Errors typed by kind (the status table in frameio-api-notes.md, "Errors"). Every field is built
// from already-redacted text, so `String(err)`, `err.stack`, `JSON.stringify(err)` and
// `util.inspect(err)` are safe to log. The raw cause (a fetch TypeError) is kept out of
// inspect/JSON: it may hold a request URL.

export type FrameioErrorKind =
  | 'auth'
  | 'permission'
  | 'not_found'
  | 'validation'
  | 'rate_limit'
  | 'server'
  | 'unsupported'
  | 'network'
  | 'unexpected';

export interface FrameioErrorInit {
  operation: string;
  method: HttpMethod;
  path: string;
  status?: number;
  errors?: FrameioErrorDetail[];
  attempts?: number;
  retryAfterMs?: number;
  /**
   * True when the request may have been applied although it failed (a timeout, a reset
   * connection, a 5xx): a POST that ends this way may have created the resource. False means
   * the server provably did not apply it (4xx, 429, a connection that was never made).
   */
  maybeApplied?: boolean;
  requestId?: string;
  detail?: string;
  cause?: unknown;
  secrets?: readonly string[];
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

export class FrameioError extends Error {
  readonly kind: FrameioErrorKind = 'unexpected';
  readonly status: number | undefined;
  readonly operation: string;
  readonly method: HttpMethod;
  readonly path: string;
  /** The vendor `errors` array (frameio-api-notes.md, "Errors"), redacted. */
  readonly errors: FrameioErrorDetail[];
  readonly attempts: number;
  readonly retryAfterMs: number | undefined;
  readonly maybeApplied: boolean;
  readonly requestId: string | undefined;

  constructor(init: FrameioErrorInit) {
    const secrets = init.secrets ?? [];
    const errors = (redactValue(init.errors ?? [], secrets) as FrameioErrorDetail[]) ?? [];
    const path = redactText(init.path, secrets);
    const details = errors.map((e) => (e.source?.pointer ? `${e.detail} (${e.source.pointer})` : e.detail));
    const extra = init.detail ? redactText(init.detail, secrets) : undefined;
    const what = [init.status !== undefined ? `HTTP ${init.status}` : undefined, extra, ...details]
      .filter(Boolean)
      .join('; ');
    super(`Frame.io ${init.operation} (${init.method} ${path}) failed: ${what || 'unknown error'}`);
    this.name = new.target.name;
    this.status = init.status;
    this.operation = init.operation;
    this.method = init.method;
    this.path = path;
    this.errors = errors;
    this.attempts = init.attempts ?? 1;
    this.retryAfterMs = init.retryAfterMs;
    this.maybeApplied = init.maybeApplied ?? false;
    this.requestId = init.requestId;
    if (init.cause !== undefined) {
      // Non-enumerable: JSON.stringify skips it; inspect is overridden below.
      Object.defineProperty(this, 'cause', { value: init.cause, enumerable: false, writable: true });
    }
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      status: this.status,
      operation: this.operation,
      method: this.method,
      path: this.path,
      errors: this.errors,
      attempts: this.attempts,
      retryAfterMs: this.retryAfterMs,
      maybeApplied: this.maybeApplied,
      requestId: this.requestId,
    };
  }

  [INSPECT](): string {
    const { message: _m, name: _n, ...fields } = this.toJSON();
    return `${this.stack ?? `${this.name}: ${this.message}`}\n${JSON.stringify(fields, null, 2)}`;
  }
}

/** 401 after the single refresh-and-retry: the connection needs a refresh or a reconnect. */
export class FrameioAuthError extends FrameioError {
  override readonly kind = 'auth';
}
/** 403: missing permission, or the account is locked (frameio-api-notes.md, "Errors"). */
export class FrameioPermissionError extends FrameioError {
  override readonly kind = 'permission';
}
export class FrameioNotFoundError extends FrameioError {
  override readonly kind = 'not_found';
}
/** 400, 409, 422 (and other non-retried 4xx): `errors[]` says which field (`source.pointer`). */
export class FrameioValidationError extends FrameioError {
  override readonly kind = 'validation';
}
/** 429 still returned after the retries, or a Retry-After longer than we are willing to wait. */
export class FrameioRateLimitError extends FrameioError {
  override readonly kind = 'rate_limit';
}
export class FrameioServerError extends FrameioError {
  override readonly kind = 'server';
}
/**
 * 501 Not Implemented: the server does not offer this operation at all (the local sandbox says so
 * for operations it does not emulate, frameio-api-notes.md, "Operations beyond the subset"). Not
 * a transient 5xx: asking again cannot help, so it is never retried.
 */
export class FrameioUnsupportedError extends FrameioError {
  override readonly kind = 'unsupported';
}
/** No HTTP response: DNS, refused or reset connection, timeout, or an unreadable response body. */
export class FrameioNetworkError extends FrameioError {
  override readonly kind = 'network';
}

/** Maps a final HTTP status to its error class. */
export function errorClassForStatus(status: number): typeof FrameioError {
  if (status === 401) return FrameioAuthError;
  if (status === 403) return FrameioPermissionError;
  if (status === 404) return FrameioNotFoundError;
  if (status === 429) return FrameioRateLimitError;
  if (status === 501) return FrameioUnsupportedError;
  if (status >= 500) return FrameioServerError;
  if (status >= 400) return FrameioValidationError;
  return FrameioError;
}

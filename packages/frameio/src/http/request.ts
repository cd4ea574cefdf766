import {
  errorClassForStatus,
  FrameioAuthError,
  FrameioError,
  type FrameioErrorInit,
  FrameioNetworkError,
  FrameioRateLimitError,
} from '../errors.ts';
import type { FrameioErrorDetail, Links } from '../types/common.ts';
import { type Clock, systemClock } from './clock.ts';
import { describeNetworkError, networkPhase } from './network-error.ts';
import { type HttpMethod, OPERATIONS, type OperationName, type RateLimit } from './operations.ts';
import { RateLimiter, readRateLimitHeaders } from './rate-limiter.ts';
import { SecretRegistry } from './redact.ts';
import {
  type AttemptOutcome,
  DEFAULT_RETRY_POLICY,
  decideRetry,
  parseRetryAfter,
  type RetryPolicyOptions,
} from './retry-policy.ts';
import { type LeasedToken, TokenManager, type TokenProvider } from './token-manager.ts';
import { buildUrl, type QueryParams } from './url.ts';

export const DEFAULT_BASE_URL = 'https://api.frame.io';

/**
 * Asked before retrying a POST whose outcome is unknown (timeout, reset, 5xx). Return true only
 * after checking the resource was not created, e.g. by listing the file's comments.
 */
export type RetryGuard = (info: { attempt: number; error: FrameioError }) => boolean | Promise<boolean>;

export interface RetryEvent {
  operation: OperationName;
  attempt: number;
  delayMs: number;
  status?: number;
  /** Already redacted; safe to log. */
  error: FrameioError;
}

export interface FrameioHttpOptions {
  tokenProvider: TokenProvider;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /**
   * Defaults to https://api.frame.io (frameio-api-notes.md, "Requests and responses"); may carry a
   * path prefix.
   */
  baseUrl?: string;
  retry?: Partial<RetryPolicyOptions>;
  /** Override documented limits per operation, or `false` to disable client-side limiting. */
  rateLimits?: false | Partial<Record<OperationName, RateLimit>>;
  /** `now` and `sleep`, for retry delays and the limiter. */
  clock?: Clock;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Per-attempt timeout in ms; 0 disables. A timed-out POST counts as ambiguous. */
  timeoutMs?: number;
  userAgent?: string;
  /** Observability hook, called before each retry sleep. */
  onRetry?: (event: RetryEvent) => void;
}

export interface RequestOptions {
  operation: OperationName;
  /** Absolute API path (`/v4/...`); may carry a query string (pagination links). */
  path: string;
  query?: QueryParams;
  /** Resource attributes; sent as `{"data": body}` (frameio-api-notes.md, "Requests and responses"). */
  body?: unknown;
  signal?: AbortSignal;
  retryGuard?: RetryGuard;
}

/** A 2xx JSON response: `{data, links?, total_count?}`; `data` is undefined for 204. */
export interface Envelope<T> {
  data: T;
  links?: Links;
  total_count?: number | null;
}

type Attempt<T> =
  | { type: 'ok'; envelope: Envelope<T> }
  | { type: 'unauthorized'; errors: FrameioErrorDetail[] }
  | { type: 'failed'; outcome: AttemptOutcome; error: FrameioError };

interface CallState {
  operation: OperationName;
  method: HttpMethod;
  errorPath: string;
  attempt: number;
  /** An earlier attempt may have been applied (matters for POST errors and DELETE 404s). */
  ambiguousBefore: boolean;
}

export class FrameioHttp {
  readonly baseUrl: string;
  readonly limiter: RateLimiter;
  readonly secrets = new SecretRegistry();
  readonly #fetch: typeof fetch;
  readonly #tokens: TokenManager;
  readonly #policy: RetryPolicyOptions;
  readonly #limits: false | Partial<Record<OperationName, RateLimit>>;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #timeoutMs: number;
  readonly #userAgent: string;
  readonly #onRetry: ((event: RetryEvent) => void) | undefined;

  constructor(options: FrameioHttpOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#tokens = new TokenManager(options.tokenProvider, this.secrets);
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#limits = options.rateLimits === false ? false : { ...options.rateLimits };
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#userAgent = options.userAgent ?? 'preroll-frameio/0.1';
    this.#onRetry = options.onRetry;
    this.limiter = new RateLimiter(this.#clock);
  }

  /** The documented (or overridden) limit of an operation. */
  rateLimitFor(operation: OperationName): RateLimit {
    const override = this.#limits === false ? undefined : this.#limits[operation];
    return override ?? OPERATIONS[operation];
  }

  /** One logical call (limiter, retries, one 401 refresh); returns the unwrapped `data`. */
  async request<T>(options: RequestOptions): Promise<T> {
    const envelope = await this.requestEnvelope<T>(options);
    return envelope.data;
  }

  /** Like `request` but keeps `links` / `total_count` (pagination needs them). */
  async requestEnvelope<T>(options: RequestOptions): Promise<Envelope<T>> {
    const { operation } = options;
    const url = buildUrl(this.baseUrl, options.path, options.query);
    const call: CallState = {
      operation,
      method: OPERATIONS[operation].method,
      errorPath: url.pathname + url.search,
      attempt: 0,
      ambiguousBefore: false,
    };
    const rate = this.rateLimitFor(operation);
    const body = options.body === undefined ? undefined : JSON.stringify({ data: options.body });
    let leased: LeasedToken;
    try {
      leased = await this.#tokens.lease();
    } catch (cause) {
      // The provider could not produce a token (e.g. its proactive refresh got invalid_grant).
      throw new FrameioAuthError(this.#init(call, { detail: 'no access token available', cause }));
    }
    let refreshed = false;
    let rateLimitCount = 0;
    let previousRateLimitDelayMs: number | undefined;

    for (;;) {
      call.attempt += 1;
      if (this.#limits !== false) await this.limiter.acquire(operation, rate, options.signal);
      const result = await this.#attempt<T>(call, url, leased, body, options.signal, rate);
      if (result.type === 'ok') return result.envelope;

      if (result.type === 'unauthorized') {
        // An expired token shows up as 401 (frameio-api-notes.md, "Token expiry in the API"): refresh
        // once (shared by concurrent callers) and retry once. A second 401 is final.
        if (refreshed) {
          throw new FrameioAuthError(this.#init(call, { status: 401, errors: result.errors }));
        }
        refreshed = true;
        call.attempt -= 1; // the auth retry is not a policy retry
        try {
          leased = await this.#tokens.refreshAfterUnauthorized(leased);
        } catch (cause) {
          throw new FrameioAuthError(
            this.#init(call, { status: 401, errors: result.errors, detail: 'token refresh failed', cause }),
          );
        }
        continue;
      }

      const { outcome, error } = result;
      const is429 = outcome.type === 'status' && outcome.status === 429;
      if (is429) rateLimitCount += 1;
      const decision = decideRetry(
        outcome,
        { method: call.method, attempt: call.attempt, rateLimitCount, previousRateLimitDelayMs },
        this.#policy,
        this.#random,
      );
      if (is429 && this.#limits !== false && decision.delayMs !== undefined) {
        // Everyone queued on this operation waits too, instead of collecting their own 429s.
        this.limiter.block(operation, rate, this.#clock.now() + decision.delayMs);
      }
      if (!decision.retry) {
        if (error instanceof FrameioRateLimitError && decision.delayMs !== undefined) {
          // Tell the caller how long to wait (a job queue reschedules) instead of blocking a
          // worker for minutes.
          throw new FrameioRateLimitError(
            this.#init(call, { status: 429, errors: error.errors, retryAfterMs: decision.delayMs }),
          );
        }
        throw error;
      }
      if (decision.needsGuard) {
        const guard = options.retryGuard;
        if (!guard || !(await guard({ attempt: call.attempt, error }))) throw error;
      }
      if (error.maybeApplied) call.ambiguousBefore = true;
      if (is429) previousRateLimitDelayMs = decision.delayMs;
      this.#onRetry?.({
        operation,
        attempt: call.attempt,
        delayMs: decision.delayMs,
        status: error.status,
        error,
      });
      await sleepUnlessAborted(this.#clock, decision.delayMs, options.signal);
    }
  }

  async #attempt<T>(
    call: CallState,
    url: URL,
    leased: LeasedToken,
    body: string | undefined,
    signal: AbortSignal | undefined,
    rate: RateLimit,
  ): Promise<Attempt<T>> {
    let response: Response;
    try {
      response = await this.#send(url, call.method, leased.token, body, signal);
    } catch (cause) {
      if (signal?.aborted) throw signal.reason ?? cause;
      const phase = networkPhase(cause);
      const maybeApplied = phase !== 'connect' || call.ambiguousBefore;
      const error = new FrameioNetworkError(
        this.#init(call, { detail: describeNetworkError(cause), maybeApplied, cause }),
      );
      return { type: 'failed', outcome: { type: 'network', phase }, error };
    }

    if (this.#limits !== false)
      this.limiter.observe(call.operation, rate, readRateLimitHeaders(response.headers));
    if (response.ok) return { type: 'ok', envelope: await this.#parseSuccess<T>(call, response) };

    const status = response.status;
    const payload = await readErrorBody(response);
    if (status === 401) return { type: 'unauthorized', errors: payload.errors };
    // A DELETE retried after an ambiguous attempt may find the first one already succeeded.
    if (status === 404 && call.method === 'DELETE' && call.ambiguousBefore) {
      return { type: 'ok', envelope: { data: undefined as T } };
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.#clock.now());
    const ErrorClass = errorClassForStatus(status);
    const error = new ErrorClass(
      this.#init(call, {
        status,
        errors: payload.errors,
        detail: payload.errors.length === 0 ? payload.text : undefined,
        retryAfterMs,
        // A 5xx says nothing about whether the handler ran before failing.
        maybeApplied: status >= 500 || call.ambiguousBefore,
        requestId: response.headers.get('x-request-id') ?? undefined,
      }),
    );
    return { type: 'failed', outcome: { type: 'status', status, retryAfterMs }, error };
  }

  #send(url: URL, method: HttpMethod, token: string, body: string | undefined, signal?: AbortSignal) {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      'user-agent': this.#userAgent,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const signals: AbortSignal[] = [];
    if (signal) signals.push(signal);
    if (this.#timeoutMs > 0) signals.push(AbortSignal.timeout(this.#timeoutMs));
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = body;
    if (signals.length === 1) init.signal = signals[0] as AbortSignal;
    else if (signals.length > 1) init.signal = AbortSignal.any(signals);
    return this.#fetch(url, init);
  }

  async #parseSuccess<T>(call: CallState, response: Response): Promise<Envelope<T>> {
    if (response.status === 204) return { data: undefined as T };
    let text: string;
    try {
      text = await response.text();
    } catch (cause) {
      // The server answered 2xx, so the call was applied even though we lost the body.
      throw new FrameioNetworkError(
        this.#init(call, {
          status: response.status,
          detail: 'response body unreadable',
          maybeApplied: true,
          cause,
        }),
      );
    }
    if (text.trim() === '') return { data: undefined as T };
    try {
      return JSON.parse(text) as Envelope<T>;
    } catch {
      throw new FrameioError(
        this.#init(call, { status: response.status, detail: 'response is not JSON', maybeApplied: true }),
      );
    }
  }

  #init(call: CallState, init: Omit<FrameioErrorInit, 'operation' | 'method' | 'path'>): FrameioErrorInit {
    return {
      ...init,
      operation: call.operation,
      method: call.method,
      path: call.errorPath,
      attempts: call.attempt,
      secrets: this.secrets.list(),
    };
  }
}

/** A retry wait that a caller's abort (e.g. worker shutdown) cuts short. */
function sleepUnlessAborted(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return clock.sleep(ms);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    clock.sleep(ms).then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, reject);
  });
}

async function readErrorBody(response: Response): Promise<{ errors: FrameioErrorDetail[]; text?: string }> {
  const text = await response.text().catch(() => '');
  if (text.trim() === '') return { errors: [] };
  try {
    const parsed = JSON.parse(text) as { errors?: unknown };
    if (Array.isArray(parsed.errors)) {
      const errors = parsed.errors
        .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
        .map((e) => {
          const item: FrameioErrorDetail = { detail: typeof e.detail === 'string' ? e.detail : 'error' };
          if (typeof e.title === 'string') item.title = e.title;
          const source = e.source as { pointer?: unknown } | undefined;
          if (source && typeof source.pointer === 'string') item.source = { pointer: source.pointer };
          return item;
        });
      return { errors };
    }
  } catch {
    // Not JSON (a proxy's HTML page): keep a short excerpt for the message.
  }
  return { errors: [], text: text.slice(0, 200) };
}

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  decideRetry,
  isSafeToRetry,
  parseRetryAfter,
  type RetryState,
  retryDelayMs,
} from '../src/index.ts';

const state = (over: Partial<RetryState> = {}): RetryState => ({
  method: 'GET',
  attempt: 1,
  rateLimitCount: 0,
  ...over,
});

describe('retry policy (pure)', () => {
  it('never retries 4xx other than 429, nor 501 Not Implemented', () => {
    for (const status of [400, 401, 403, 404, 409, 422, 501]) {
      expect(decideRetry({ type: 'status', status }, state())).toEqual({
        retry: false,
        reason: 'not_retryable',
      });
    }
  });

  it('429 without Retry-After: waits at least 1 s, then at least double the previous wait (frameio-api-notes.md, "Rate limits")', () => {
    for (const r of [0, 0.25, 0.5, 0.999]) {
      let previous: number | undefined;
      for (let k = 1; k <= 4; k++) {
        const delay = retryDelayMs(
          { type: 'status', status: 429 },
          state({ attempt: k, rateLimitCount: k, previousRateLimitDelayMs: previous }),
          DEFAULT_RETRY_POLICY,
          () => r,
        );
        expect(delay).toBeGreaterThanOrEqual(1000 * 2 ** (k - 1));
        if (previous !== undefined) expect(delay).toBeGreaterThanOrEqual(2 * previous);
        previous = delay;
      }
    }
  });

  it('429 with Retry-After waits max(Retry-After, documented floor)', () => {
    const s = state({ rateLimitCount: 1 });
    expect(retryDelayMs({ type: 'status', status: 429, retryAfterMs: 3000 }, s)).toBe(3000);
    expect(retryDelayMs({ type: 'status', status: 429, retryAfterMs: 100 }, s)).toBe(1000);
  });

  it('5xx waits the configured floor (30 s by default, frameio-api-notes.md, "Errors") plus exponential full jitter', () => {
    expect(retryDelayMs({ type: 'status', status: 503 }, state(), DEFAULT_RETRY_POLICY, () => 0)).toBe(
      30_000,
    );
    const opts = { ...DEFAULT_RETRY_POLICY, serverErrorMinDelayMs: 0, baseDelayMs: 100 };
    expect(retryDelayMs({ type: 'status', status: 500 }, state({ attempt: 3 }), opts, () => 0.5)).toBe(200);
  });

  it('network errors use full jitter: random * min(cap, base * 2^(n-1))', () => {
    const opts = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(
      retryDelayMs({ type: 'network', phase: 'ambiguous' }, state({ attempt: 1 }), opts, () => 0.5),
    ).toBe(50);
    expect(
      retryDelayMs({ type: 'network', phase: 'ambiguous' }, state({ attempt: 3 }), opts, () => 0.5),
    ).toBe(200);
    expect(
      retryDelayMs({ type: 'network', phase: 'ambiguous' }, state({ attempt: 9 }), opts, () => 0.5),
    ).toBe(500);
    expect(retryDelayMs({ type: 'network', phase: 'ambiguous' }, state({ attempt: 9 }), opts, () => 0)).toBe(
      0,
    );
  });

  it('stops after maxAttempts and refuses waits beyond maxRetryAfterMs', () => {
    expect(decideRetry({ type: 'status', status: 500 }, state({ attempt: 5 }))).toMatchObject({
      retry: false,
      reason: 'attempts_exhausted',
    });
    expect(
      decideRetry({ type: 'status', status: 429, retryAfterMs: 600_000 }, state({ rateLimitCount: 1 })),
    ).toMatchObject({ retry: false, reason: 'wait_too_long', delayMs: 600_000 });
  });

  it('POST is safe to retry only when the server provably did not process it', () => {
    expect(isSafeToRetry('POST', { type: 'status', status: 429 })).toBe(true);
    expect(isSafeToRetry('POST', { type: 'network', phase: 'connect' })).toBe(true);
    expect(isSafeToRetry('POST', { type: 'network', phase: 'ambiguous' })).toBe(false);
    expect(isSafeToRetry('POST', { type: 'status', status: 503 })).toBe(false);
    expect(isSafeToRetry('POST', { type: 'status', status: 500 })).toBe(false);
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      expect(isSafeToRetry(method, { type: 'network', phase: 'ambiguous' })).toBe(true);
      expect(isSafeToRetry(method, { type: 'status', status: 502 })).toBe(true);
    }
    expect(decideRetry({ type: 'status', status: 500 }, state({ method: 'POST' }))).toMatchObject({
      retry: true,
      needsGuard: true,
    });
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-30T18:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Mon, 30 Nov 2026 18:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Mon, 30 Nov 2026 17:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

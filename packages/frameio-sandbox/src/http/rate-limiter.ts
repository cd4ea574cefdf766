import type { RateLimitMode } from '../sandbox-types.ts';

/**
 * A leaky bucket per (user, operation) with the documented per-operation limits
 * (frameio-api-notes.md, "Rate limits": "leaky bucket", "per account_user"). The bucket drains
 * continuously at limit/window; a request that would overflow it gets 429.
 * Modes: off = never limits but still reports headers; realistic = documented limits;
 * strict = a tenth of them (at least 1), for exercising client back-off quickly.
 */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  windowMs: number;
  retryAfterMs: number;
}

export class RateLimiter {
  private buckets = new Map<string, { level: number; at: number }>();

  constructor(
    public mode: RateLimitMode,
    private readonly now: () => number,
  ) {}

  effectiveLimit(limit: number): number {
    return this.mode === 'strict' ? Math.max(1, Math.floor(limit / 10)) : limit;
  }

  take(key: string, documented: { limit: number; windowMs: number }): RateDecision {
    const limit = this.effectiveLimit(documented.limit);
    const { windowMs } = documented;
    const now = this.now();
    const b = this.buckets.get(key) ?? { level: 0, at: now };
    const leaked = ((now - b.at) * limit) / windowMs;
    b.level = Math.max(0, b.level - leaked);
    b.at = now;
    const wouldBe = b.level + 1;
    const allowed = this.mode === 'off' || wouldBe <= limit;
    if (allowed) b.level = Math.min(wouldBe, limit);
    this.buckets.set(key, b);
    const retryAfterMs = allowed ? 0 : Math.ceil(((wouldBe - limit) * windowMs) / limit);
    return { allowed, limit, remaining: Math.max(0, Math.floor(limit - b.level)), windowMs, retryAfterMs };
  }

  /** Headers for responses that never reached a bucket (e.g. 401): nothing consumed. */
  peek(documented: { limit: number; windowMs: number }): RateDecision {
    const limit = this.effectiveLimit(documented.limit);
    return { allowed: true, limit, remaining: limit, windowMs: documented.windowMs, retryAfterMs: 0 };
  }

  reset(): void {
    this.buckets.clear();
  }
}

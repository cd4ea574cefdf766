import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/index.ts';
import { testClient } from './helpers/client-factory.ts';
import { ok, vendorError } from './helpers/scripted-fetch.ts';
import { VirtualClock } from './helpers/virtual-clock.ts';

const comment = { id: 'c-1', file_id: 'f-1', text: 'x', timestamp: 1 };

describe('rate limiter', () => {
  it('a burst of 30 comment updates at 10/min queues: 10 at once, then one every 6 s', async () => {
    const { client, transport, clock } = testClient([], { fallback: ok(comment) });
    const start = clock.now();
    const calls = Array.from({ length: 30 }, (_, i) =>
      client.comments.update('acc', `c-${i}`, { text: `edit ${i}` }),
    );
    await clock.run(Promise.all(calls));
    expect(transport.requests).toHaveLength(30);
    // FIFO: the order of requests is the order of calls.
    expect(transport.requests.map((r) => r.url.pathname.split('/').pop())).toEqual(
      Array.from({ length: 30 }, (_, i) => `c-${i}`),
    );
    expect(clock.now() - start).toBe(20 * 6000);
  });

  it('spacing seen by the server: first 10 immediate, then exactly 6000 ms apart', async () => {
    const clock = new VirtualClock();
    const times: number[] = [];
    const { client } = testClient([], {
      clock,
      fallback: () => {
        times.push(clock.now());
        return ok(comment);
      },
    });
    const t0 = clock.now();
    await clock.run(
      Promise.all(Array.from({ length: 30 }, (_, i) => client.comments.update('acc', `c-${i}`, {}))),
    );
    const rel = times.map((t) => t - t0);
    expect(rel.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(rel.slice(10)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 6000));
    // Leaky-bucket conformance (frameio-api-notes.md, "Rate limits", capacity 10, one drains every
    // 6 s): by time t at most 10 + floor(t / 6000) calls have been sent, so the server's bucket
    // never overflows.
    rel.forEach((t, i) => {
      expect(i + 1).toBeLessThanOrEqual(10 + Math.floor(t / 6000));
    });
  });

  it('buckets are per operation: comment creates are not held up by queued updates', async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    const { client } = testClient([], {
      clock,
      fallback: (req) => {
        log.push(`${req.method}@${clock.now()}`);
        return { status: req.method === 'POST' ? 201 : 200, body: { data: comment } };
      },
    });
    const t0 = clock.now();
    const updates = Array.from({ length: 12 }, () => client.comments.update('acc', 'c', {}));
    const create = client.comments.create('acc', 'f', { text: 'new' });
    await clock.run(Promise.all([...updates, create]));
    expect(log).toContain(`POST@${t0}`);
  });

  it('adapts when x-ratelimit-remaining says fewer calls remain than the documented limit implies', async () => {
    const clock = new VirtualClock();
    const times: number[] = [];
    const { client } = testClient([], {
      clock,
      fallback: () => {
        times.push(clock.now());
        // Another process of ours already used this user's bucket: only 0 left after this call.
        return ok(
          { id: 'me' },
          { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-window': '60000' },
        );
      },
    });
    const t0 = clock.now();
    await clock.run(client.users.me());
    await clock.run(client.users.me());
    await clock.run(client.users.me());
    // users.show is 100/min → 600 ms per call once the bucket is empty.
    expect(times.map((t) => t - t0)).toEqual([0, 600, 1200]);
  });

  it('adopts a stricter limit announced by the server headers', () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(clock);
    const documented = { limit: 100, windowMs: 60_000 };
    expect(limiter.remaining('op', documented)).toBe(100);
    limiter.observe('op', documented, { limit: 10, windowMs: 60_000, remaining: 9 });
    expect(limiter.remaining('op', documented)).toBe(9);
    // A more generous header never loosens the documented limit.
    limiter.observe('op', documented, { limit: 1000, windowMs: 1000, remaining: 999 });
    expect(limiter.remaining('op', documented)).toBe(9);
  });

  it('after adopting a slower server rate, the next call waits the new interval (stale tat regression)', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(clock);
    const documented = { limit: 10, windowMs: 1000 }; // files.show 10/s
    const t0 = clock.now();
    await limiter.acquire('files.show', documented);
    // The server (a tenth of the documented limit) answers: 1 per 1000 ms, none left.
    limiter.observe('files.show', documented, { limit: 1, windowMs: 1000, remaining: 0 });
    await clock.run(limiter.acquire('files.show', documented));
    expect(clock.now() - t0).toBe(1000);
  });

  it('a 429 holds every queued call of that operation until the retry delay has passed', async () => {
    const clock = new VirtualClock();
    const times: number[] = [];
    let first = true;
    const { client } = testClient([], {
      clock,
      fallback: () => {
        times.push(clock.now());
        if (first) {
          first = false;
          return vendorError(429, 'Too many requests', { 'retry-after': '5' });
        }
        return ok({ id: 'me' });
      },
    });
    const t0 = clock.now();
    // Three calls start together; the first gets a 429 with Retry-After: 5.
    const p1 = client.users.me();
    await new Promise((r) => setImmediate(r));
    const rest = [client.users.me(), client.users.me()];
    await clock.run(Promise.all([p1, ...rest]));
    const rel = times.map((t) => t - t0);
    expect(rel[0]).toBe(0);
    expect(rel.slice(1).every((t) => t >= 5000)).toBe(true);
  });

  it('an aborted caller leaves the queue without using a slot', async () => {
    const clock = new VirtualClock();
    const times: number[] = [];
    const { client } = testClient([], {
      clock,
      fallback: () => {
        times.push(clock.now());
        return ok(comment);
      },
    });
    const t0 = clock.now();
    const first = Array.from({ length: 10 }, () => client.comments.update('acc', 'c', {}));
    const controller = new AbortController();
    const aborted = client.comments.update('acc', 'c', {}, { signal: controller.signal });
    const after = client.comments.update('acc', 'c', {});
    controller.abort(new Error('shutting down'));
    await expect(aborted).rejects.toThrow('shutting down');
    await clock.run(Promise.all([...first, after]));
    expect(times).toHaveLength(11);
    // The call behind the aborted one takes its place: first free slot, 6 s after the burst.
    expect(times.at(-1)).toBe(t0 + 6000);
  });

  it('can be disabled (rateLimits: false) for callers that meter elsewhere', async () => {
    const { client, clock } = testClient([], { fallback: ok(comment), rateLimits: false });
    const t0 = clock.now();
    await clock.run(Promise.all(Array.from({ length: 30 }, () => client.comments.update('acc', 'c', {}))));
    expect(clock.now()).toBe(t0);
  });

  it('per-operation overrides replace the documented limit', async () => {
    const clock = new VirtualClock();
    const times: number[] = [];
    const { client } = testClient([], {
      clock,
      rateLimits: { 'folders.create': { limit: 1, windowMs: 1000 } },
      fallback: () => {
        times.push(clock.now());
        return { status: 201, body: { data: { id: 'fo' } } };
      },
    });
    const t0 = clock.now();
    await clock.run(
      Promise.all([1, 2, 3].map((i) => client.folders.create('acc', 'root', { name: `f${i}` }))),
    );
    expect(times.map((t) => t - t0)).toEqual([0, 1000, 2000]);
  });
});

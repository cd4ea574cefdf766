import { describe, expect, it } from 'vitest';
import {
  FrameioNetworkError,
  FrameioRateLimitError,
  FrameioServerError,
  FrameioValidationError,
} from '../src/index.ts';
import { TOKEN, testClient } from './helpers/client-factory.ts';
import { networkError, ok, vendorError } from './helpers/scripted-fetch.ts';

const A = 'acc-1';
const comment = { id: 'c-1', file_id: 'f-1', text: 'Cut here', timestamp: 120 };

describe('request: envelope, headers', () => {
  it('wraps the body in {data}, unwraps the response, sends the bearer token', async () => {
    const { client, transport, clock } = testClient([{ status: 201, body: { data: comment } }]);
    const created = await clock.run(client.comments.create(A, 'f-1', { text: 'Cut here', timestamp: 120 }));
    expect(created).toEqual(comment);
    const [req] = transport.requests;
    expect(req?.method).toBe('POST');
    expect(req?.url.href).toBe('https://api.test/v4/accounts/acc-1/files/f-1/comments');
    expect(req?.body).toEqual({ data: { text: 'Cut here', timestamp: 120 } });
    expect(req?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(req?.headers.get('content-type')).toBe('application/json');
  });

  it('passes framestamps through unchanged (integers from 1; no conversion in the client)', async () => {
    const { client, transport, clock } = testClient([ok({ ...comment, timestamp: 1, duration: 48 })]);
    const updated = await clock.run(client.comments.update(A, 'c-1', { timestamp: 1, duration: 48 }));
    expect(updated.timestamp).toBe(1);
    expect(transport.requests[0]?.body).toEqual({ data: { timestamp: 1, duration: 48 } });
  });

  it('returns undefined for 204 deletes', async () => {
    const { client, clock } = testClient([{ status: 204 }]);
    await expect(clock.run(client.comments.delete(A, 'c-1'))).resolves.toBeUndefined();
  });
});

describe('request: retry policy', () => {
  it('429 with Retry-After waits exactly that long, then succeeds', async () => {
    const { client, transport, clock } = testClient([
      vendorError(429, 'Too many requests', { 'retry-after': '3' }),
      ok({ id: 'me' }),
    ]);
    await expect(clock.run(client.users.me())).resolves.toEqual({ id: 'me' });
    expect(transport.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([3000]);
  });

  it('429 without Retry-After waits ≥1 s, then at least double (frameio-api-notes.md, "Rate limits")', async () => {
    const { client, transport, clock } = testClient([
      vendorError(429, 'Too many requests'),
      vendorError(429, 'Too many requests'),
      vendorError(429, 'Too many requests'),
      ok({ id: 'me' }),
    ]);
    await clock.run(client.users.me());
    expect(transport.requests).toHaveLength(4);
    // random = 0.5: floor + 0.5 * floor, floors 1000, then ≥ 2×previous.
    expect(clock.sleeps).toEqual([1500, 4500, 13500]);
  });

  it('503 then 200: retried after the 5xx floor', async () => {
    const { client, transport, clock } = testClient([vendorError(503, 'unavailable'), ok([])], {
      retry: { serverErrorMinDelayMs: 30_000, baseDelayMs: 1000 },
    });
    await clock.run(client.accounts.list());
    expect(transport.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([30_500]);
  });

  it('400 is not retried and carries the vendor errors', async () => {
    const { client, transport, clock } = testClient([
      {
        status: 400,
        body: {
          errors: [
            { detail: 'Unexpected field: foo', source: { pointer: '/data/foo' }, title: 'Invalid value' },
          ],
        },
      },
    ]);
    const err = await clock.run(client.projects.update(A, 'p-1', { name: 'x' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameioValidationError);
    expect(transport.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    const e = err as FrameioValidationError;
    expect(e.errors).toEqual([
      { detail: 'Unexpected field: foo', source: { pointer: '/data/foo' }, title: 'Invalid value' },
    ]);
    expect(e.message).toContain('/data/foo');
  });

  it('a network error on a GET is retried', async () => {
    const { client, transport, clock } = testClient([
      { error: networkError('ECONNRESET') },
      ok({ id: 'me' }),
    ]);
    await expect(clock.run(client.users.me())).resolves.toEqual({ id: 'me' });
    expect(transport.requests).toHaveLength(2);
    expect(clock.sleeps).toHaveLength(1);
  });

  it('a per-attempt timeout counts as an ambiguous network error: GET retried, POST not', async () => {
    const hangingFetch = (steps: Array<'hang' | 'ok'>) => {
      const queue = [...steps];
      let calls = 0;
      const fetchImpl = ((_url: URL, init?: RequestInit) => {
        calls += 1;
        if (queue.shift() === 'ok')
          return Promise.resolve(new Response(JSON.stringify({ data: { id: 'me' } })));
        // Never answers: only the client's per-attempt timeout ends this attempt.
        return new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        });
      }) as typeof fetch;
      return { fetchImpl, calls: () => calls };
    };
    const get = hangingFetch(['hang', 'ok']);
    const a = testClient([], { fetch: get.fetchImpl, timeoutMs: 20 });
    await expect(a.clock.run(a.client.users.me())).resolves.toEqual({ id: 'me' });
    expect(get.calls()).toBe(2);

    const post = hangingFetch(['hang', 'ok']);
    const b = testClient([], { fetch: post.fetchImpl, timeoutMs: 20 });
    const err = await b.clock.run(b.client.comments.create(A, 'f-1', { text: 'x' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameioNetworkError);
    expect(err).toMatchObject({ maybeApplied: true });
    expect((err as Error).message).toContain('timed out');
    expect(post.calls()).toBe(1);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { client, transport, clock } = testClient([], {
      fallback: vendorError(500, 'boom'),
      retry: { maxAttempts: 4, serverErrorMinDelayMs: 10 },
    });
    const err = await clock.run(client.users.me()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameioServerError);
    expect((err as FrameioServerError).attempts).toBe(4);
    expect(transport.requests).toHaveLength(4);
    expect(clock.sleeps).toHaveLength(3);
  });

  it('a Retry-After longer than maxRetryAfterMs is handed back instead of slept through', async () => {
    const { client, transport, clock } = testClient([
      vendorError(429, 'slow down', { 'retry-after': '900' }),
    ]);
    const err = await clock.run(client.users.me()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameioRateLimitError);
    expect((err as FrameioRateLimitError).retryAfterMs).toBe(900_000);
    expect(transport.requests).toHaveLength(1);
  });
});

describe('request: POST creates are not duplicated', () => {
  it('a 500 on comment create is not retried and is flagged maybeApplied', async () => {
    const { client, transport, clock } = testClient([vendorError(500, 'boom'), ok(comment)]);
    const err = await clock.run(client.comments.create(A, 'f-1', { text: 'x' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameioServerError);
    expect((err as FrameioServerError).maybeApplied).toBe(true);
    expect(transport.requests).toHaveLength(1);
  });

  it('a reset connection on create is not retried without a guard', async () => {
    const { client, transport, clock } = testClient([{ error: networkError('ECONNRESET') }]);
    const err = await clock.run(client.comments.create(A, 'f-1', { text: 'x' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameioNetworkError);
    expect((err as FrameioNetworkError).maybeApplied).toBe(true);
    expect(transport.requests).toHaveLength(1);
  });

  it('429 and refused connections on create are retried (never processed)', async () => {
    const { client, transport, clock } = testClient([
      vendorError(429, 'Too many requests'),
      { error: networkError('ECONNREFUSED') },
      { status: 201, body: { data: comment } },
    ]);
    await expect(clock.run(client.comments.create(A, 'f-1', { text: 'x' }))).resolves.toEqual(comment);
    expect(transport.requests).toHaveLength(3);
  });

  it('an ambiguous failure is retried when the caller guard confirms the comment is absent', async () => {
    const guardCalls: number[] = [];
    const { client, transport, clock } = testClient(
      [vendorError(502, 'bad gateway'), { status: 201, body: { data: comment } }],
      {
        retry: { serverErrorMinDelayMs: 10 },
      },
    );
    const created = await clock.run(
      client.comments.create(
        A,
        'f-1',
        { text: 'x' },
        {
          retryGuard: ({ attempt }) => {
            guardCalls.push(attempt);
            return true;
          },
        },
      ),
    );
    expect(created).toEqual(comment);
    expect(guardCalls).toEqual([1]);
    expect(transport.requests).toHaveLength(2);
  });

  it('a guard that finds the comment stops the retry', async () => {
    const { client, transport, clock } = testClient([vendorError(504, 'timeout')]);
    const err = await clock
      .run(client.comments.create(A, 'f-1', { text: 'x' }, { retryGuard: async () => false }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameioServerError);
    expect(transport.requests).toHaveLength(1);
  });

  it('PATCH and DELETE are retried after ambiguous failures; a retried DELETE that finds 404 succeeded', async () => {
    const { client, transport, clock } = testClient([
      { error: networkError('ECONNRESET') },
      ok(comment),
      { error: networkError('UND_ERR_SOCKET') },
      vendorError(404, 'Not found'),
    ]);
    await expect(clock.run(client.comments.update(A, 'c-1', { completed: true }))).resolves.toEqual(comment);
    await expect(clock.run(client.comments.delete(A, 'c-1'))).resolves.toBeUndefined();
    expect(transport.requests.map((r) => r.method)).toEqual(['PATCH', 'PATCH', 'DELETE', 'DELETE']);
  });

  it('a plain 404 on DELETE is still an error', async () => {
    const { client, clock } = testClient([vendorError(404, 'Not found')]);
    await expect(clock.run(client.comments.delete(A, 'c-1'))).rejects.toMatchObject({ kind: 'not_found' });
  });
});

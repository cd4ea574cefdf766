import { describe, expect, it } from 'vitest';
import { FrameioAuthError, ImsError, needsReconnect } from '../src/index.ts';
import { REFRESHED, TOKEN, testClient, tokenProvider } from './helpers/client-factory.ts';
import { ok, type RecordedRequest, vendorError } from './helpers/scripted-fetch.ts';

const byToken = (req: RecordedRequest) =>
  req.headers.get('authorization') === `Bearer ${REFRESHED}`
    ? ok({ id: 'me' })
    : vendorError(401, 'Unauthorized');

describe('401 → one refresh, one retry', () => {
  it('a 401 refreshes the token and retries once with the new one', async () => {
    const { client, transport, clock, tokens } = testClient([
      vendorError(401, 'Unauthorized'),
      ok({ id: 'me' }),
    ]);
    await expect(clock.run(client.users.me())).resolves.toEqual({ id: 'me' });
    expect(tokens.refreshCalls).toBe(1);
    expect(transport.requests.map((r) => r.headers.get('authorization'))).toEqual([
      `Bearer ${TOKEN}`,
      `Bearer ${REFRESHED}`,
    ]);
  });

  it('50 concurrent calls hitting 401 together share exactly one refresh', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tokens = tokenProvider(TOKEN, async () => {
      await gate; // keep the refresh in flight while the other 401s arrive
      return REFRESHED;
    });
    let seen = 0;
    const fallback = (req: RecordedRequest) => {
      // Release the refresh only once all 50 first attempts have reached the server.
      seen += 1;
      if (seen === 50) release();
      return byToken(req);
    };
    const { client, transport, clock } = testClient([], { tokens, fallback, rateLimits: false });
    const calls = Array.from({ length: 50 }, () => client.users.me());
    const results = await clock.run(Promise.all(calls));
    expect(results).toHaveLength(50);
    expect(tokens.refreshCalls).toBe(1);
    const auth = transport.requests.map((r) => r.headers.get('authorization'));
    expect(auth.filter((a) => a === `Bearer ${TOKEN}`)).toHaveLength(50);
    expect(auth.filter((a) => a === `Bearer ${REFRESHED}`)).toHaveLength(50);
  });

  it('a caller whose 401 arrives after the refresh finished reuses the new token', async () => {
    const tokens = tokenProvider();
    const { client, transport, clock } = testClient([], { tokens, fallback: byToken, rateLimits: false });
    await clock.run(client.users.me()); // refreshes
    // Provider keeps handing out the old token (a stale cache): the client must not refresh again.
    tokens.current = TOKEN;
    await clock.run(client.users.me());
    expect(tokens.refreshCalls).toBe(1);
    expect(transport.requests.at(-1)?.headers.get('authorization')).toBe(`Bearer ${REFRESHED}`);
  });

  it('401 again after the refresh → FrameioAuthError (no second refresh)', async () => {
    const { client, clock, tokens, transport } = testClient([], {
      fallback: vendorError(401, 'Unauthorized'),
    });
    const err = await clock.run(client.users.me()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameioAuthError);
    expect(tokens.refreshCalls).toBe(1);
    expect(transport.requests).toHaveLength(2);
  });

  it('a refresh rejected with invalid_grant surfaces as needsReconnect', async () => {
    const tokens = tokenProvider(TOKEN, async () => {
      throw new ImsError({ endpoint: 'token', code: 'invalid_grant', status: 400 });
    });
    const { client, clock } = testClient([vendorError(401, 'Unauthorized')], { tokens });
    const err = await clock.run(client.users.me()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameioAuthError);
    expect(needsReconnect(err)).toBe(true);
    expect(needsReconnect(new ImsError({ endpoint: 'token', code: 'network_error' }))).toBe(false);
  });

  it('POST creates are retried after a 401 (the server did not process them)', async () => {
    const { client, transport, clock } = testClient([
      vendorError(401, 'Unauthorized'),
      { status: 201, body: { data: { id: 'c' } } },
    ]);
    await expect(clock.run(client.comments.create('acc', 'f', { text: 'hi' }))).resolves.toEqual({ id: 'c' });
    expect(transport.requests).toHaveLength(2);
  });
});

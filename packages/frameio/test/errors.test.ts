import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createImsClient,
  FrameioAuthError,
  FrameioError,
  FrameioNetworkError,
  FrameioNotFoundError,
  FrameioPermissionError,
  FrameioRateLimitError,
  FrameioUnsupportedError,
  FrameioValidationError,
  ImsError,
  redactText,
} from '../src/index.ts';
import { REFRESHED, TOKEN, testClient, tokenProvider } from './helpers/client-factory.ts';
import { networkError, scriptedFetch, vendorError } from './helpers/scripted-fetch.ts';

const CLIENT_SECRET = 'p8e-S3cr3t-ClientSecretValue-123456';

function allRenderings(err: unknown): string[] {
  const e = err as Error;
  return [
    String(err),
    e.message,
    e.stack ?? '',
    JSON.stringify(err),
    inspect(err, { depth: 10 }),
    inspect(err, { showHidden: true }),
  ];
}

describe('error mapping', () => {
  const cases: Array<[number, new (...args: never[]) => FrameioError, string]> = [
    [400, FrameioValidationError, 'validation'],
    [403, FrameioPermissionError, 'permission'],
    [404, FrameioNotFoundError, 'not_found'],
    [409, FrameioValidationError, 'validation'],
    [422, FrameioValidationError, 'validation'],
    [501, FrameioUnsupportedError, 'unsupported'],
  ];
  for (const [status, ErrorClass, kind] of cases) {
    it(`${status} → ${ErrorClass.name} with status, operation, method, path and vendor errors`, async () => {
      const { client, clock } = testClient([vendorError(status, `detail for ${status}`)]);
      const err = await clock
        .run(client.folders.update('acc', 'fo-1', { name: 'n' }))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ErrorClass);
      expect(err).toBeInstanceOf(FrameioError);
      expect(err).toMatchObject({
        kind,
        status,
        operation: 'folders.update',
        method: 'PATCH',
        path: '/v4/accounts/acc/folders/fo-1',
        errors: [{ detail: `detail for ${status}` }],
        attempts: 1,
      });
    });
  }

  it('429 after the retries → FrameioRateLimitError', async () => {
    const { client, clock } = testClient([], {
      fallback: vendorError(429, 'Too many requests'),
      retry: { maxAttempts: 3 },
    });
    const err = await clock.run(client.users.me()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameioRateLimitError);
    expect(err).toMatchObject({ kind: 'rate_limit', status: 429, attempts: 3 });
    // No Retry-After: the error still says when a retry makes sense (the next backoff step).
    expect((err as FrameioRateLimitError).retryAfterMs).toBeGreaterThanOrEqual(4000);
  });

  it('5xx after the retries → FrameioServerError', async () => {
    const { client, clock } = testClient([], {
      fallback: vendorError(502, 'Bad gateway'),
      retry: { maxAttempts: 2 },
    });
    await expect(clock.run(client.users.me())).rejects.toMatchObject({
      kind: 'server',
      status: 502,
      attempts: 2,
    });
  });

  it('no response → FrameioNetworkError without a status', async () => {
    const { client, clock } = testClient([], {
      fallback: { error: networkError('ECONNRESET') },
      retry: { maxAttempts: 2 },
    });
    const err = await clock.run(client.users.me()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameioNetworkError);
    expect(err).toMatchObject({ kind: 'network', status: undefined, attempts: 2 });
    expect((err as Error).message).toContain('ECONNRESET');
  });

  it('401 twice → FrameioAuthError', async () => {
    const { client, clock, tokens } = testClient([
      vendorError(401, 'Unauthorized'),
      vendorError(401, 'Unauthorized'),
    ]);
    const err = await clock.run(client.users.me()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameioAuthError);
    expect(err).toMatchObject({ kind: 'auth', status: 401 });
    expect(tokens.refreshCalls).toBe(1);
  });

  it('a non-JSON error body is summarised, not dumped', async () => {
    const { client, clock } = testClient([{ status: 400, body: '<html>Bad Request</html>' }]);
    const err = await clock.run(client.users.me()).catch((e: unknown) => e);
    expect((err as Error).message).toContain('<html>Bad Request</html>');
    expect((err as FrameioError).errors).toEqual([]);
  });
});

describe('redaction', () => {
  it('an access token echoed by the server never appears in any rendering of the error', async () => {
    const { client, clock } = testClient([
      {
        status: 422,
        body: {
          errors: [
            { detail: `token ${TOKEN} is not allowed here`, source: { pointer: '/data/name' } },
            { detail: `Authorization: Bearer ${TOKEN}` },
          ],
        },
      },
    ]);
    const err = await clock.run(client.projects.create('acc', 'ws', { name: 'x' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameioValidationError);
    for (const text of allRenderings(err)) {
      expect(text).not.toContain(TOKEN);
      expect(text).toContain('[REDACTED]');
    }
  });

  it('a refreshed token and the failing refresh cause stay out of the renderings', async () => {
    const tokens = tokenProvider(TOKEN, async () => {
      throw new Error(`refresh failed for refresh_token=${REFRESHED}`);
    });
    const { client, clock } = testClient([vendorError(401, 'Unauthorized')], { tokens });
    const err = await clock.run(client.users.me()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameioAuthError);
    for (const text of allRenderings(err)) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(REFRESHED);
    }
  });

  it('the network error cause is not serialised', async () => {
    const cause = Object.assign(new TypeError('fetch failed'), {
      cause: { code: 'ECONNRESET', message: `while sending Bearer ${TOKEN}` },
    });
    const { client, clock } = testClient([], { fallback: { error: cause }, retry: { maxAttempts: 1 } });
    const err = await clock.run(client.users.me()).catch((e: unknown) => e);
    for (const text of allRenderings(err)) expect(text).not.toContain(TOKEN);
  });

  it('the IMS client secret, code and tokens never appear in an ImsError', async () => {
    const code = 'authcode-0123456789abcdef';
    const transport = scriptedFetch([
      {
        status: 400,
        body: {
          error: 'invalid_grant',
          error_description: `code ${code} for client_secret=${CLIENT_SECRET} already used; Basic ${Buffer.from(`cid:${CLIENT_SECRET}`).toString('base64')}`,
        },
      },
    ]);
    const ims = createImsClient({ clientId: 'cid', clientSecret: CLIENT_SECRET, fetch: transport.fetch });
    const err = await ims
      .exchangeCode({ code, redirectUri: 'https://app.test/cb', codeVerifier: 'v'.repeat(43) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImsError);
    expect((err as ImsError).code).toBe('invalid_grant');
    for (const text of allRenderings(err)) {
      expect(text).not.toContain(CLIENT_SECRET);
      expect(text).not.toContain(code);
      expect(text).not.toContain(Buffer.from(`cid:${CLIENT_SECRET}`).toString('base64'));
    }
  });

  it('redactText masks credential shapes it has never seen', () => {
    const text = redactText(
      'GET /cb?code=abc123&state=s1 Authorization: Bearer eyJhbGciOi.x.y {"refresh_token":"r-1","name":"ok"} client_secret=zz',
    );
    expect(text).toBe(
      'GET /cb?code=[REDACTED]&state=s1 Authorization: Bearer [REDACTED] {"refresh_token":"[REDACTED]","name":"ok"} client_secret=[REDACTED]',
    );
  });
});

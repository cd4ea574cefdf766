import { describe, expect, it } from 'vitest';
import {
  codeChallengeS256,
  createImsClient,
  createImsTokenProvider,
  createPkcePair,
  createState,
  FRAMEIO_DEFAULT_SCOPES,
  ImsError,
  type ImsTokenSet,
} from '../src/index.ts';
import { networkError, scriptedFetch } from './helpers/scripted-fetch.ts';

const SECRET = 'client-secret-value-xyz';
const NOW = 1_800_000_000_000;

function ims(steps: Parameters<typeof scriptedFetch>[0]) {
  const transport = scriptedFetch(steps);
  const client = createImsClient({
    clientId: 'preroll-web',
    clientSecret: SECRET,
    baseUrl: 'https://ims.test/',
    fetch: transport.fetch,
    now: () => NOW,
  });
  return { client, transport };
}

describe('PKCE and state', () => {
  it('S256 matches the RFC 7636 appendix B vector', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('generates 43-char base64url verifiers and unique states', () => {
    const pair = createPkcePair();
    expect(pair.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.challenge).toBe(codeChallengeS256(pair.verifier));
    expect(pair.method).toBe('S256');
    expect(createState()).not.toBe(createState());
  });
});

describe('IMS OAuth helpers', () => {
  it('builds the authorize URL (frameio-api-notes.md, "IMS authorize")', () => {
    const { client } = ims([]);
    const url = new URL(
      client.authorizeUrl({
        redirectUri: 'https://app.test/api/integrations/frameio/callback',
        state: 'st',
        codeChallenge: 'ch',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://ims.test/ims/authorize/v2');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'preroll-web',
      redirect_uri: 'https://app.test/api/integrations/frameio/callback',
      scope: 'openid profile offline_access additional_info.roles email',
      response_type: 'code',
      state: 'st',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
    });
    expect(FRAMEIO_DEFAULT_SCOPES).toContain('offline_access');
  });

  it('exchanges a code with client_secret_basic and a form body (frameio-api-notes.md, "IMS tokens and refresh")', async () => {
    const { client, transport } = ims([
      {
        body: {
          access_token: 'at-1',
          refresh_token: 'rt-1',
          token_type: 'bearer',
          expires_in: 86399,
          id_token: 'idt',
          sub: 'user@AdobeID',
        },
      },
    ]);
    const tokens = await client.exchangeCode({
      code: 'the-code',
      redirectUri: 'https://app.test/cb',
      codeVerifier: 'ver',
    });
    expect(tokens).toEqual({
      accessToken: 'at-1',
      refreshToken: 'rt-1',
      tokenType: 'bearer',
      expiresIn: 86399,
      expiresAt: NOW + 86_399_000,
      idToken: 'idt',
      sub: 'user@AdobeID',
    });
    const req = transport.requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.url.href).toBe('https://ims.test/ims/token/v3');
    expect(req?.headers.get('authorization')).toBe(
      `Basic ${Buffer.from(`preroll-web:${SECRET}`).toString('base64')}`,
    );
    expect(req?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(req?.rawBody))).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      code_verifier: 'ver',
      redirect_uri: 'https://app.test/cb',
    });
  });

  it('refresh returns the new refresh token when IMS rotates it, else keeps the old one', async () => {
    const { client, transport } = ims([
      { body: { access_token: 'at-2', refresh_token: 'rt-2', token_type: 'bearer', expires_in: 3600 } },
      { body: { access_token: 'at-3', token_type: 'bearer', expires_in: 3600 } },
    ]);
    expect((await client.refresh('rt-1')).refreshToken).toBe('rt-2');
    expect((await client.refresh('rt-2')).refreshToken).toBe('rt-2');
    expect(Object.fromEntries(new URLSearchParams(transport.requests[0]?.rawBody))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-1',
    });
  });

  it('maps {error, error_description} to ImsError; invalid_grant means reconnect', async () => {
    const { client } = ims([
      { status: 400, body: { error: 'invalid_grant', error_description: 'refresh token revoked' } },
    ]);
    const err = await client.refresh('rt-dead').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImsError);
    expect(err).toMatchObject({
      code: 'invalid_grant',
      status: 400,
      endpoint: 'token',
      needsReconnect: true,
    });
    expect((err as Error).message).toContain('refresh token revoked');
  });

  it('maps non-OAuth failures to ImsError codes too', async () => {
    const { client } = ims([
      { status: 502, body: 'upstream down' },
      { error: networkError('ECONNREFUSED') },
      { body: {} },
    ]);
    await expect(client.refresh('r')).rejects.toMatchObject({ code: 'http_502', needsReconnect: false });
    await expect(client.refresh('r')).rejects.toMatchObject({ code: 'network_error' });
    await expect(client.refresh('r')).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('revokes with a form body (200 empty)', async () => {
    const { client, transport } = ims([{ status: 200 }]);
    await expect(client.revoke('rt-1', 'refresh_token')).resolves.toBeUndefined();
    expect(transport.requests[0]?.url.pathname).toBe('/ims/revoke');
    expect(Object.fromEntries(new URLSearchParams(transport.requests[0]?.rawBody))).toEqual({
      token: 'rt-1',
      token_type_hint: 'refresh_token',
    });
  });

  it('reads userinfo with the bearer token and client_id (frameio-api-notes.md, "IMS endpoints")', async () => {
    const { client, transport } = ims([{ body: { sub: 'u@AdobeID', email: 'a@b.test', name: 'A' } }]);
    await expect(client.userinfo('at-1')).resolves.toEqual({
      sub: 'u@AdobeID',
      email: 'a@b.test',
      name: 'A',
    });
    expect(transport.requests[0]?.url.href).toBe('https://ims.test/ims/userinfo/v2?client_id=preroll-web');
    expect(transport.requests[0]?.headers.get('authorization')).toBe('Bearer at-1');
  });
});

describe('createImsTokenProvider', () => {
  it('refreshes near expiry and on demand, saving the new set; concurrent refreshes share one call', async () => {
    let stored: ImsTokenSet = {
      accessToken: 'at-1',
      refreshToken: 'rt-1',
      tokenType: 'bearer',
      expiresIn: 100,
      expiresAt: NOW + 60_000, // inside the 5-minute margin
    };
    const { client, transport } = ims([
      { body: { access_token: 'at-2', refresh_token: 'rt-2', token_type: 'bearer', expires_in: 86399 } },
    ]);
    const provider = createImsTokenProvider({
      ims: client,
      load: async () => stored,
      save: async (t) => {
        stored = t;
      },
      now: () => NOW,
    });
    const [a, b] = await Promise.all([provider.getAccessToken(), provider.refresh()]);
    expect([a, b]).toEqual(['at-2', 'at-2']);
    expect(transport.requests).toHaveLength(1);
    expect(stored.refreshToken).toBe('rt-2');
    expect(await provider.getAccessToken()).toBe('at-2');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, SEED_IDS, startSandbox } from '../src/index.ts';
import { ApiClient } from './helpers/api-client.ts';
import { clickConsentButton, pkcePair } from './helpers/consent-form.ts';

const REDIRECT = 'http://localhost:3000/api/integrations/frameio/callback';
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sb.close();
});

function authorizeUrl(params: Record<string, string>): string {
  return `${sb.imsUrl}/authorize/v2?${new URLSearchParams({ response_type: 'code', ...params }).toString()}`;
}

async function consent(params: Record<string, string>, button: RegExp): Promise<URL> {
  const url = authorizeUrl(params);
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const res = await clickConsentButton(url, await page.text(), button);
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

async function token(
  form: Record<string, string>,
  basic?: [string, string],
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) headers.authorization = `Basic ${Buffer.from(`${basic[0]}:${basic[1]}`).toString('base64')}`;
  const res = await fetch(`${sb.imsUrl}/token/v3`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('IMS discovery and authorize', () => {
  it('serves a discovery document with local URLs and a JWKS', async () => {
    const d = (await (await fetch(`${sb.imsUrl}/.well-known/openid-configuration`)).json()) as Record<
      string,
      string
    >;
    expect(d.authorization_endpoint).toBe(`${sb.url}/ims/authorize/v2`);
    expect(d.token_endpoint).toBe(`${sb.url}/ims/token/v3`);
    expect(d.revocation_endpoint).toBe(`${sb.url}/ims/revoke`);
    const jwks = (await (await fetch(d.jwks_uri!)).json()) as { keys: { kty: string }[] };
    expect(jwks.keys[0]!.kty).toBe('RSA');
  });

  it('shows an error page (no redirect) for an unknown client or a redirect_uri mismatch', async () => {
    const bad = await fetch(authorizeUrl({ client_id: 'nope', redirect_uri: REDIRECT }), {
      redirect: 'manual',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('invalid_client');
    const mismatch = await fetch(
      authorizeUrl({ client_id: 'preroll-local', redirect_uri: `${REDIRECT}/evil` }),
      { redirect: 'manual' },
    );
    expect(mismatch.status).toBe(400);
    expect(mismatch.headers.get('location')).toBeNull();
    expect(await mismatch.text()).toContain('redirect_uri');
  });

  it('lists the sandbox users on the consent page and redirects access_denied on Deny', async () => {
    const page = await (
      await fetch(authorizeUrl({ client_id: 'preroll-local', redirect_uri: REDIRECT, state: 's1' }))
    ).text();
    expect(page).toContain('Continue as Alex Producer');
    expect(page).toContain('Continue as Riley Reviewer');
    const loc = await consent({ client_id: 'preroll-local', redirect_uri: REDIRECT, state: 'xyz' }, /^Deny$/);
    expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT);
    expect(loc.searchParams.get('error')).toBe('access_denied');
    expect(loc.searchParams.get('state')).toBe('xyz');
  });

  it('redirects unsupported response types and prompt=none with an OAuth error', async () => {
    const r = await fetch(
      authorizeUrl({
        client_id: 'preroll-local',
        redirect_uri: REDIRECT,
        response_type: 'token',
        state: 'a',
      }),
      { redirect: 'manual' },
    );
    expect(new URL(r.headers.get('location')!).searchParams.get('error')).toBe('unsupported_response_type');
    const n = await fetch(
      authorizeUrl({ client_id: 'preroll-local', redirect_uri: REDIRECT, prompt: 'none' }),
      { redirect: 'manual' },
    );
    expect(new URL(n.headers.get('location')!).searchParams.get('error')).toBe('login_required');
  });
});

describe('IMS token endpoint', () => {
  it('authorization_code with PKCE S256 and client_secret_basic; codes are single-use', async () => {
    const { verifier, challenge } = pkcePair();
    const loc = await consent(
      {
        client_id: 'preroll-local',
        redirect_uri: REDIRECT,
        state: 'st',
        scope: 'openid,profile,offline_access,additional_info.roles',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      },
      /Riley Reviewer/,
    );
    expect(loc.searchParams.get('state')).toBe('st');
    const code = loc.searchParams.get('code')!;
    const wrong = await token(
      { grant_type: 'authorization_code', code, code_verifier: pkcePair().verifier },
      ['preroll-local', 'preroll-local-secret'],
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
    const ok = await token(
      { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT },
      ['preroll-local', 'preroll-local-secret'],
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      token_type: 'bearer',
      expires_in: 86399,
      sub: '2A7D3B6777C05FC11B5A522C@AdobeID',
    });
    expect(typeof ok.body.refresh_token).toBe('string');
    expect(typeof ok.body.id_token).toBe('string');
    const me = await new ApiClient(sb.url, ok.body.access_token as string).call('GET', '/v4/me');
    expect(me.body.data.id).toBe(SEED_IDS.rileyId);
    const again = await token({ grant_type: 'authorization_code', code, code_verifier: verifier }, [
      'preroll-local',
      'preroll-local-secret',
    ]);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    // replaying the code revoked what it had issued
    expect((await new ApiClient(sb.url, ok.body.access_token as string).call('GET', '/v4/me')).status).toBe(
      401,
    );
  });

  it('client_secret_post, plain PKCE; no refresh token without offline_access; bad secret is invalid_client (401)', async () => {
    const loc = await consent(
      {
        client_id: 'preroll-local',
        redirect_uri: REDIRECT,
        scope: 'openid',
        code_challenge: 'a'.repeat(43),
        code_challenge_method: 'plain',
      },
      /Alex Producer/,
    );
    const code = loc.searchParams.get('code')!;
    const bad = await token({
      grant_type: 'authorization_code',
      code,
      client_id: 'preroll-local',
      client_secret: 'wrong',
      code_verifier: 'a'.repeat(43),
    });
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe('invalid_client');
    const ok = await token({
      grant_type: 'authorization_code',
      code,
      client_id: 'preroll-local',
      client_secret: 'preroll-local-secret',
      code_verifier: 'a'.repeat(43),
    });
    expect(ok.status).toBe(200);
    expect(ok.body).not.toHaveProperty('refresh_token');
  });

  it('refresh_token rotates: the old refresh token is rejected afterwards', async () => {
    const pair = sb.control.mintTokens({ client_id: 'preroll-local' });
    const r1 = await token({ grant_type: 'refresh_token', refresh_token: pair.refresh_token }, [
      'preroll-local',
      'preroll-local-secret',
    ]);
    expect(r1.status).toBe(200);
    expect(r1.body.refresh_token).not.toBe(pair.refresh_token);
    const r2 = await token({ grant_type: 'refresh_token', refresh_token: pair.refresh_token }, [
      'preroll-local',
      'preroll-local-secret',
    ]);
    expect(r2.status).toBe(400);
    expect(r2.body.error).toBe('invalid_grant');
    const r3 = await token({ grant_type: 'refresh_token', refresh_token: r1.body.refresh_token as string }, [
      'preroll-local',
      'preroll-local-secret',
    ]);
    expect(r3.status).toBe(200);
  });

  it('short access-token lifetimes expire on the API', async () => {
    // a frozen clock: a slow machine must not expire the token before the first call
    const frozen = Date.now();
    const short = await startSandbox({ port: 0, accessTokenTtlSeconds: 1, clock: () => frozen });
    try {
      const pair = short.control.mintTokens({ client_id: 'preroll-local' });
      expect(pair.expires_in).toBe(1);
      const api = new ApiClient(short.url, pair.access_token);
      expect((await api.call('GET', '/v4/me')).status).toBe(200);
      short.control.advanceClock(1500);
      expect((await api.call('GET', '/v4/me')).status).toBe(401);
    } finally {
      await short.close();
    }
  });

  it('client_credentials, unsupported grants and missing parameters', async () => {
    const cc = await token({ grant_type: 'client_credentials', scope: 'openid,AdobeID,frame.s2s.all' }, [
      'preroll-local',
      'preroll-local-secret',
    ]);
    expect(cc.status).toBe(200);
    expect(cc.body).not.toHaveProperty('refresh_token');
    expect(
      (await token({ grant_type: 'password' }, ['preroll-local', 'preroll-local-secret'])).body.error,
    ).toBe('unsupported_grant_type');
    expect((await token({}, ['preroll-local', 'preroll-local-secret'])).body.error).toBe('invalid_request');
    expect(
      (
        await token({ grant_type: 'authorization_code', code: 'nope' }, [
          'preroll-local',
          'preroll-local-secret',
        ])
      ).body.error,
    ).toBe('invalid_grant');
  });

  it('public clients need PKCE and authenticate with client_id only', async () => {
    sb.control.registerClient({
      client_id: 'spa',
      client_secret: null,
      redirect_uris: ['http://127.0.0.1:5173/cb'],
    });
    const noPkce = await fetch(authorizeUrl({ client_id: 'spa', redirect_uri: 'http://127.0.0.1:5173/cb' }), {
      redirect: 'manual',
    });
    expect(new URL(noPkce.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
    const { verifier, challenge } = pkcePair();
    const loc = await consent(
      {
        client_id: 'spa',
        redirect_uri: 'http://127.0.0.1:5173/cb',
        scope: 'openid offline_access',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      },
      /Alex/,
    );
    const ok = await token({
      grant_type: 'authorization_code',
      code: loc.searchParams.get('code')!,
      client_id: 'spa',
      code_verifier: verifier,
    });
    expect(ok.status).toBe(200);
    // no refresh tokens for public clients (frameio-api-notes.md,
    // "IMS credentials and redirect URIs"), even with offline_access
    expect(ok.body).not.toHaveProperty('refresh_token');
  });
});

describe('scopes', () => {
  it('/v4 refuses (401) a token without additional_info.roles, and counts nothing against its bucket', async () => {
    const identity = sb.control.mintTokens({
      client_id: 'preroll-local',
      scope: 'openid profile email offline_access',
    });
    const refused = await new ApiClient(sb.url, identity.access_token).call('GET', '/v4/me');
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ errors: [{ detail: 'Unauthorized' }] });
    expect(refused.headers.get('x-ratelimit-remaining')).toBe(refused.headers.get('x-ratelimit-limit'));
    // IMS itself still answers it
    const info = await fetch(`${sb.imsUrl}/userinfo/v2`, {
      headers: { authorization: `Bearer ${identity.access_token}` },
    });
    expect(info.status).toBe(200);
    const frameio = sb.control.mintTokens({
      client_id: 'preroll-local',
      scope: 'openid additional_info.roles',
    });
    expect((await new ApiClient(sb.url, frameio.access_token).call('GET', '/v4/me')).status).toBe(200);
    const s2s = sb.control.mintTokens({ client_id: 'preroll-local', scope: 'openid,AdobeID,frame.s2s.all' });
    expect((await new ApiClient(sb.url, s2s.access_token).call('GET', '/v4/me')).status).toBe(200);
  });

  it('userinfo and the id_token release only the claims their scopes allow', async () => {
    const claims = async (scope: string) => {
      const t = sb.control.mintTokens({ client_id: 'preroll-local', user_id: SEED_IDS.rileyId, scope });
      const r = await fetch(`${sb.imsUrl}/userinfo/v2`, {
        headers: { authorization: `Bearer ${t.access_token}` },
      });
      return r.json();
    };
    const sub = '2A7D3B6777C05FC11B5A522C@AdobeID';
    expect(await claims('openid additional_info.roles')).toEqual({ sub });
    expect(await claims('openid email')).toEqual({ sub, email: 'riley@sandbox.test', email_verified: true });
    expect(await claims('openid profile')).toEqual({
      sub,
      account_type: 'ind',
      name: 'Riley Reviewer',
      given_name: 'Riley',
      family_name: 'Reviewer',
    });
    const loc = await consent(
      { client_id: 'preroll-local', redirect_uri: REDIRECT, scope: 'openid,email' },
      /Riley/,
    );
    const tok = await token({ grant_type: 'authorization_code', code: loc.searchParams.get('code')! }, [
      'preroll-local',
      'preroll-local-secret',
    ]);
    const payload = JSON.parse(Buffer.from(String(tok.body.id_token).split('.')[1]!, 'base64url').toString());
    expect(payload.email).toBe('riley@sandbox.test');
    expect(payload).not.toHaveProperty('name');
  });
});

describe('IMS revoke and userinfo', () => {
  it('revoke answers 200 empty; the token then gets 401 on /v4; userinfo shape', async () => {
    const pair = sb.control.mintTokens({ client_id: 'preroll-local', user_id: SEED_IDS.alexId });
    const info = await fetch(`${sb.imsUrl}/userinfo/v2?client_id=preroll-local`, {
      headers: { authorization: `Bearer ${pair.access_token}` },
    });
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({
      sub: '196C1A5666BF4EB00A49411B@AdobeID',
      email: 'alex@sandbox.test',
      name: 'Alex Producer',
      given_name: 'Alex',
      family_name: 'Producer',
      account_type: 'ind',
      email_verified: true,
    });
    const rev = await fetch(`${sb.imsUrl}/revoke`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('preroll-local:preroll-local-secret').toString('base64')}`,
      },
      body: new URLSearchParams({ token: pair.access_token }).toString(),
    });
    expect(rev.status).toBe(200);
    expect(await rev.text()).toBe('');
    expect((await new ApiClient(sb.url, pair.access_token).call('GET', '/v4/me')).status).toBe(401);
    const gone = await fetch(`${sb.imsUrl}/userinfo/v2`, {
      headers: { authorization: `Bearer ${pair.access_token}` },
    });
    expect(gone.status).toBe(401);
  });
});

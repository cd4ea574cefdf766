import { redactText } from '../http/redact.ts';
import { type ImsEndpoint, ImsError } from './ims-errors.ts';

// Adobe IMS OAuth 2.0 for Frame.io user auth (frameio-api-notes.md, "IMS endpoints" to "Scopes").
// Plain fetch rather than a generic OAuth library: IMS needs exactly four calls, and owning them
// keeps error mapping (ImsError with the RFC 6749 code) and credential redaction in one place. No
// retries here on purpose: codes are single use, and a refresh retried after an ambiguous failure
// could burn a rotated refresh token and turn a blip into `invalid_grant` ("needs reconnect"). The
// caller's job queue retries whole operations.

export const DEFAULT_IMS_BASE_URL = 'https://ims-na1.adobelogin.com';

/**
 * What IMS grants for Frame.io user auth (frameio-api-notes.md, "Scopes"); `offline_access` yields
 * a refresh token.
 */
export const FRAMEIO_DEFAULT_SCOPES: readonly string[] = Object.freeze([
  'openid',
  'profile',
  'offline_access',
  'additional_info.roles',
  'email',
]);

export interface ImsClientOptions {
  clientId: string;
  /**
   * OAuth Web App credential: authenticates with client_secret_basic (frameio-api-notes.md,
   * "IMS tokens and refresh").
   */
  clientSecret: string;
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Used for `expiresAt`; injectable for tests. */
  now?: () => number;
  timeoutMs?: number;
}

export interface AuthorizeUrlParams {
  redirectUri: string;
  state: string;
  /** The S256 challenge of a verifier kept server-side. */
  codeChallenge: string;
  scopes?: readonly string[];
  prompt?: 'none' | 'login';
  nonce?: string;
}

export interface ImsTokenSet {
  accessToken: string;
  /** Absent only if `offline_access` was not granted; after a refresh, the old one is kept when IMS sends none. */
  refreshToken: string | undefined;
  tokenType: string;
  /** Seconds, as IMS returns it (86399 ≈ 24 h by default). */
  expiresIn: number;
  /** Epoch ms computed from `expiresIn` when the response arrived. */
  expiresAt: number;
  idToken?: string;
  sub?: string;
  scope?: string;
}

export interface ImsUserInfo {
  sub: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  email_verified?: boolean;
  account_type?: string;
  [claim: string]: unknown;
}

export interface ImsClient {
  readonly baseUrl: string;
  authorizeUrl(params: AuthorizeUrlParams): string;
  exchangeCode(params: { code: string; redirectUri: string; codeVerifier: string }): Promise<ImsTokenSet>;
  refresh(refreshToken: string): Promise<ImsTokenSet>;
  revoke(token: string, tokenTypeHint?: 'access_token' | 'refresh_token'): Promise<void>;
  userinfo(accessToken: string): Promise<ImsUserInfo>;
}

export function createImsClient(options: ImsClientOptions): ImsClient {
  const baseUrl = (options.baseUrl ?? DEFAULT_IMS_BASE_URL).replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const basic = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;

  async function call(
    endpoint: ImsEndpoint,
    url: string,
    init: RequestInit,
    secrets: string[],
  ): Promise<unknown> {
    const all = [options.clientSecret, basic.slice(6), ...secrets];
    let response: Response;
    try {
      response = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (cause) {
      throw new ImsError({
        endpoint,
        code: 'network_error',
        description: errorName(cause),
        cause,
        secrets: all,
      });
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    if (!response.ok) {
      const err = body as { error?: unknown; error_description?: unknown } | undefined;
      const code = typeof err?.error === 'string' ? err.error : `http_${response.status}`;
      const description =
        typeof err?.error_description === 'string'
          ? err.error_description
          : body
            ? undefined
            : text.slice(0, 200);
      throw new ImsError({ endpoint, code, description, status: response.status, secrets: all });
    }
    return body;
  }

  function tokenSet(body: unknown, previousRefreshToken: string | undefined, secrets: string[]): ImsTokenSet {
    const b = (body ?? {}) as Record<string, unknown>;
    if (typeof b.access_token !== 'string' || b.access_token === '') {
      throw new ImsError({
        endpoint: 'token',
        code: 'invalid_response',
        description: 'no access_token',
        secrets,
      });
    }
    const expiresIn = typeof b.expires_in === 'number' ? b.expires_in : Number(b.expires_in ?? 86_399);
    const set: ImsTokenSet = {
      accessToken: b.access_token,
      // Always store a returned refresh token (it may rotate, frameio-api-notes.md, "IMS tokens and
      // refresh"); keep the old one otherwise.
      refreshToken:
        typeof b.refresh_token === 'string' && b.refresh_token ? b.refresh_token : previousRefreshToken,
      tokenType: typeof b.token_type === 'string' ? b.token_type : 'bearer',
      expiresIn,
      expiresAt: now() + expiresIn * 1000,
    };
    if (typeof b.id_token === 'string') set.idToken = b.id_token;
    if (typeof b.sub === 'string') set.sub = b.sub;
    if (typeof b.scope === 'string') set.scope = b.scope;
    return set;
  }

  function form(params: Record<string, string>): RequestInit {
    return {
      method: 'POST',
      headers: {
        authorization: basic,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams(params).toString(),
    };
  }

  return {
    baseUrl,

    authorizeUrl(params) {
      const url = new URL(`${baseUrl}/ims/authorize/v2`);
      const q = url.searchParams;
      q.set('client_id', options.clientId);
      q.set('redirect_uri', params.redirectUri);
      q.set('scope', (params.scopes ?? FRAMEIO_DEFAULT_SCOPES).join(' '));
      q.set('response_type', 'code');
      q.set('state', params.state);
      q.set('code_challenge', params.codeChallenge);
      q.set('code_challenge_method', 'S256');
      if (params.prompt) q.set('prompt', params.prompt);
      if (params.nonce) q.set('nonce', params.nonce);
      return url.toString();
    },

    async exchangeCode({ code, redirectUri, codeVerifier }) {
      const secrets = [code, codeVerifier];
      const body = await call(
        'token',
        `${baseUrl}/ims/token/v3`,
        // redirect_uri is not required by the doc but harmless and standard (frameio-api-notes.md,
        // "IMS tokens and refresh").
        form({
          grant_type: 'authorization_code',
          code,
          code_verifier: codeVerifier,
          redirect_uri: redirectUri,
        }),
        secrets,
      );
      return tokenSet(body, undefined, secrets);
    },

    async refresh(refreshToken) {
      const secrets = [refreshToken];
      const body = await call(
        'token',
        `${baseUrl}/ims/token/v3`,
        form({ grant_type: 'refresh_token', refresh_token: refreshToken }),
        secrets,
      );
      return tokenSet(body, refreshToken, secrets);
    },

    async revoke(token, tokenTypeHint) {
      const params: Record<string, string> = { token };
      if (tokenTypeHint) params.token_type_hint = tokenTypeHint;
      await call('revoke', `${baseUrl}/ims/revoke`, form(params), [token]);
    },

    async userinfo(accessToken) {
      const url = `${baseUrl}/ims/userinfo/v2?client_id=${encodeURIComponent(options.clientId)}`;
      const body = await call(
        'userinfo',
        url,
        { method: 'GET', headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } },
        [accessToken],
      );
      const info = (body ?? {}) as ImsUserInfo;
      if (typeof info.sub !== 'string') {
        throw new ImsError({ endpoint: 'userinfo', code: 'invalid_response', description: 'no sub claim' });
      }
      return info;
    },
  };
}

function errorName(err: unknown): string {
  const code = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  if (typeof code === 'string') return code;
  return err instanceof Error ? redactText(err.name) : 'fetch failed';
}

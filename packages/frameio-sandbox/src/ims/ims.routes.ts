import { randomBytes, randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxRuntime } from '../http/runtime.ts';
import type { OAuthClientRec } from '../state/state-types.ts';
import { consentPage, errorPage } from './consent-page.ts';
import type { IdTokenSigner } from './id-token.ts';
import { verifyPkce } from './pkce.ts';

/** (choice) authorization codes live 5 minutes and work once (RFC 6749 §4.1.2). */
const CODE_TTL_MS = 5 * 60_000;
const REQUEST_TTL_MS = 30 * 60_000;

interface AuthRequest {
  id: string;
  client_id: string;
  redirect_uri: string;
  redirect_uri_given: boolean;
  scope: string[];
  state: string | undefined;
  nonce: string | undefined;
  challenge: string | undefined;
  method: 'S256' | 'plain';
  expires_at: number;
}

interface AuthCode extends AuthRequest {
  code: string;
  user_id: string;
  used: boolean;
  grant_id: string;
}

/** Scopes are space- or comma-delimited (REFERENCE.md §7.3). */
export function parseScope(raw: string | undefined): string[] {
  return (raw ?? '').split(/[\s,]+/).filter(Boolean);
}

function oauthError(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .send({ error, error_description: description });
}

function withParams(uri: string, params: Record<string, string | undefined>): string {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

interface ClientAuth {
  client: OAuthClientRec | null;
  error: { status: number; code: string; description: string } | null;
}

/** client_secret_basic or client_secret_post; public clients send only client_id (REFERENCE.md §7.4). */
function authenticateClient(
  rt: SandboxRuntime,
  req: FastifyRequest,
  p: Record<string, string | undefined>,
): ClientAuth {
  let id = p.client_id;
  let secret = p.client_secret;
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    id = decodeURIComponent(decoded.slice(0, i));
    secret = decodeURIComponent(decoded.slice(i + 1));
  }
  const client = id ? rt.store.state.clients[id] : undefined;
  if (!client)
    return { client: null, error: { status: 401, code: 'invalid_client', description: 'Unknown client' } };
  if (client.client_secret !== null && client.client_secret !== secret) {
    return {
      client: null,
      error: { status: 401, code: 'invalid_client', description: 'Client authentication failed' },
    };
  }
  return { client, error: null };
}

export function registerImsRoutes(app: FastifyInstance, rt: SandboxRuntime, signer: IdTokenSigner): void {
  const requests = new Map<string, AuthRequest>();
  const codes = new Map<string, AuthCode>();
  const issuer = (): string => rt.publicUrl;

  const discovery = (): Record<string, unknown> => ({
    issuer: issuer(),
    authorization_endpoint: `${issuer()}/ims/authorize/v2`,
    token_endpoint: `${issuer()}/ims/token/v3`,
    userinfo_endpoint: `${issuer()}/ims/userinfo/v2`,
    revocation_endpoint: `${issuer()}/ims/revoke`,
    jwks_uri: `${issuer()}/ims/keys`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'email', 'profile', 'offline_access', 'additional_info.roles'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    claims_supported: ['sub', 'given_name', 'family_name', 'name', 'email', 'email_verified', 'address'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    code_challenge_methods_supported: ['S256', 'plain'],
  });

  app.register(async (ims) => {
    await ims.register(formbody);

    ims.get('/ims/.well-known/openid-configuration', async () => discovery());
    ims.get('/.well-known/openid-configuration', async () => discovery());
    ims.get('/ims/keys', async () => signer.jwks());

    ims.get('/ims/authorize/v2', async (req, reply) => {
      const q = req.query as Record<string, string | undefined>;
      const html = (status: number, error: string, description: string): FastifyReply =>
        reply.code(status).type('text/html; charset=utf-8').send(errorPage(error, description));
      const client = q.client_id ? rt.store.state.clients[q.client_id] : undefined;
      if (!client) return html(400, 'invalid_client', 'The client_id is missing or unknown.');
      // Exact match against the registered list; a missing redirect_uri falls back to the first (default) one.
      const redirect = q.redirect_uri ?? client.redirect_uris[0];
      if (!redirect || !client.redirect_uris.includes(redirect)) {
        return html(
          400,
          'invalid_redirect_uri',
          'The redirect_uri does not match any registered for this client.',
        );
      }
      const fail = (error: string, description: string): FastifyReply =>
        reply.redirect(withParams(redirect, { error, error_description: description, state: q.state }), 302);
      if ((q.response_type ?? 'code') !== 'code')
        return fail('unsupported_response_type', 'Only response_type=code is supported');
      const method = (q.code_challenge_method ?? 'plain') as 'S256' | 'plain';
      if (method !== 'S256' && method !== 'plain')
        return fail('invalid_request', 'Unsupported code_challenge_method');
      if (client.client_secret === null && !q.code_challenge)
        return fail('invalid_request', 'code_challenge is required for public clients');
      if (q.prompt === 'none') return fail('login_required', 'The sandbox has no signed-in session');
      const request: AuthRequest = {
        id: randomUUID(),
        client_id: client.client_id,
        redirect_uri: redirect,
        redirect_uri_given: q.redirect_uri !== undefined,
        scope: parseScope(q.scope),
        state: q.state,
        nonce: q.nonce,
        challenge: q.code_challenge,
        method,
        expires_at: rt.store.clock.now() + REQUEST_TTL_MS,
      };
      requests.set(request.id, request);
      const users = Object.values(rt.store.state.users);
      return reply
        .type('text/html; charset=utf-8')
        .send(consentPage(request.id, client, users, request.scope, '/ims/authorize/v2/decision'));
    });

    ims.post('/ims/authorize/v2/decision', async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, string | undefined>;
      const request = b.request_id ? requests.get(b.request_id) : undefined;
      if (!request || request.expires_at < rt.store.clock.now()) {
        return reply
          .code(400)
          .type('text/html; charset=utf-8')
          .send(errorPage('invalid_request', 'This sign-in request expired. Start again.'));
      }
      requests.delete(request.id);
      if (b.decision === 'deny' || !b.user_id) {
        return reply.redirect(
          withParams(request.redirect_uri, {
            error: 'access_denied',
            error_description: 'The user denied access',
            state: request.state,
          }),
          302,
        );
      }
      if (!rt.store.state.users[b.user_id]) {
        return reply
          .code(400)
          .type('text/html; charset=utf-8')
          .send(errorPage('invalid_request', 'Unknown user.'));
      }
      const code: AuthCode = {
        ...request,
        code: randomBytes(24).toString('base64url'),
        user_id: b.user_id,
        used: false,
        grant_id: randomUUID(),
        expires_at: rt.store.clock.now() + CODE_TTL_MS,
      };
      codes.set(code.code, code);
      return reply.redirect(withParams(request.redirect_uri, { code: code.code, state: request.state }), 302);
    });

    ims.post('/ims/token/v3', async (req, reply) => {
      // params may be in the body or the query string; the body wins (REFERENCE.md §7.4)
      const p = {
        ...(req.query as Record<string, string | undefined>),
        ...((req.body ?? {}) as Record<string, string | undefined>),
      };
      if (!p.grant_type) return oauthError(reply, 400, 'invalid_request', 'grant_type is required');
      const auth = authenticateClient(rt, req, p);
      if (!auth.client) {
        const e = auth.error!;
        if (/^Basic/i.test(req.headers.authorization ?? ''))
          reply.header('www-authenticate', 'Basic realm="ims"');
        return oauthError(reply, e.status, e.code, e.description);
      }
      const client = auth.client;
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      const respond = (
        userId: string,
        scope: string[],
        refresh: boolean,
        grantId?: string,
        nonce?: string,
      ) => {
        const user = rt.store.state.users[userId]!;
        const pair = rt.tokens.issue(userId, client.client_id, scope, { refresh, grantId });
        const now = Math.floor(rt.store.clock.now() / 1000);
        const idToken = scope.includes('openid')
          ? signer.sign({
              iss: issuer(),
              sub: user.adobe_user_id,
              aud: client.client_id,
              iat: now,
              exp: now + pair.expires_in,
              ...(nonce ? { nonce } : {}),
              email: user.email,
              name: user.name,
            })
          : undefined;
        return {
          access_token: pair.access_token,
          ...(pair.refresh_token ? { refresh_token: pair.refresh_token } : {}),
          sub: user.adobe_user_id,
          ...(idToken ? { id_token: idToken } : {}),
          token_type: 'bearer',
          expires_in: pair.expires_in,
        };
      };

      if (p.grant_type === 'authorization_code') {
        const code = p.code ? codes.get(p.code) : undefined;
        if (!code) return oauthError(reply, 400, 'invalid_grant', 'Invalid authorization code');
        if (code.used) {
          // a replayed code revokes what it issued (RFC 6749 §4.1.2)
          rt.tokens.revokeGrant(code.grant_id);
          return oauthError(reply, 400, 'invalid_grant', 'Authorization code has already been used');
        }
        if (code.expires_at < rt.store.clock.now())
          return oauthError(reply, 400, 'invalid_grant', 'Authorization code expired');
        if (code.client_id !== client.client_id)
          return oauthError(reply, 400, 'invalid_grant', 'Code was issued to another client');
        if (p.redirect_uri !== undefined && p.redirect_uri !== code.redirect_uri) {
          return oauthError(
            reply,
            400,
            'invalid_grant',
            'redirect_uri does not match the authorization request',
          );
        }
        if (code.challenge) {
          if (!p.code_verifier) return oauthError(reply, 400, 'invalid_grant', 'code_verifier is required');
          if (!verifyPkce(code.challenge, code.method, p.code_verifier)) {
            return oauthError(reply, 400, 'invalid_grant', 'PKCE verification failed');
          }
        }
        code.used = true;
        // refresh tokens only with offline_access (REFERENCE.md §7.4), and never for public
        // clients: "Refresh tokens are not available" for SPA/Native credentials (§7.2)
        const refresh = code.scope.includes('offline_access') && client.client_secret !== null;
        return respond(code.user_id, code.scope, refresh, code.grant_id, code.nonce);
      }

      if (p.grant_type === 'refresh_token') {
        if (!p.refresh_token) return oauthError(reply, 400, 'invalid_request', 'refresh_token is required');
        const rec = rt.tokens.find(p.refresh_token);
        const pair = rt.tokens.refresh(p.refresh_token, client.client_id);
        if (!pair || !rec) return oauthError(reply, 400, 'invalid_grant', 'Invalid refresh token');
        const user = rt.store.state.users[rec.user_id]!;
        return {
          access_token: pair.access_token,
          refresh_token: pair.refresh_token,
          sub: user.adobe_user_id,
          token_type: 'bearer',
          expires_in: pair.expires_in,
        };
      }

      if (p.grant_type === 'client_credentials') {
        if (client.client_secret === null || !client.service_user_id) {
          return oauthError(
            reply,
            400,
            'unauthorized_client',
            'client_credentials needs a confidential client with a service user',
          );
        }
        return respond(client.service_user_id, parseScope(p.scope), false);
      }

      return oauthError(reply, 400, 'unsupported_grant_type', `Unsupported grant_type: ${p.grant_type}`);
    });

    ims.post('/ims/revoke', async (req, reply) => {
      const p = {
        ...(req.query as Record<string, string | undefined>),
        ...((req.body ?? {}) as Record<string, string | undefined>),
      };
      const auth = authenticateClient(rt, req, p);
      if (!auth.client)
        return oauthError(reply, auth.error!.status, auth.error!.code, auth.error!.description);
      if (!p.token) return oauthError(reply, 400, 'invalid_request', 'token is required');
      const rec = rt.tokens.find(p.token);
      if (rec && rec.client_id === auth.client.client_id) rt.tokens.revoke(p.token);
      return reply.code(200).send('');
    });

    ims.get('/ims/userinfo/v2', async (req, reply) => {
      const auth = rt.tokens.authenticate(req.headers.authorization);
      if (!auth)
        return oauthError(
          reply,
          401,
          'invalid_token',
          'The access token is missing, invalid, expired or revoked',
        );
      const u = auth.user;
      const [given, ...rest] = u.name.split(' ');
      return {
        sub: u.adobe_user_id,
        account_type: 'ind',
        email_verified: true,
        address: { country: 'US' },
        name: u.name,
        given_name: given ?? u.name,
        family_name: rest.join(' '),
        email: u.email,
      };
    });
  });
}

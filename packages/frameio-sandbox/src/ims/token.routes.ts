import type { FastifyInstance } from 'fastify';
import type { SandboxRuntime } from '../http/runtime.ts';
import type { AuthFlowStore } from './auth-flow.ts';
import type { IdTokenSigner } from './id-token.ts';
import { authenticateClient, oauthError, parseScope } from './oauth-helpers.ts';
import { verifyPkce } from './pkce.ts';
import { identityClaims } from './scope-claims.ts';

/**
 * Token, revoke and userinfo endpoints (frameio-api-notes.md, "IMS tokens and refresh", "IMS revoke",
 * "IMS endpoints").
 */
export function registerTokenRoutes(
  ims: FastifyInstance,
  rt: SandboxRuntime,
  signer: IdTokenSigner,
  flow: AuthFlowStore,
): void {
  const { codes } = flow;
  const issuer = (): string => rt.publicUrl;

  ims.post('/ims/token/v3', async (req, reply) => {
    // params may be in the body or the query string; the body wins (frameio-api-notes.md,
    // "IMS tokens and refresh")
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
    const respond = (userId: string, scope: string[], refresh: boolean, grantId?: string, nonce?: string) => {
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
            ...(scope.includes('email') ? { email: user.email } : {}),
            ...(scope.includes('profile') ? { name: user.name } : {}),
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
      // refresh tokens only with offline_access (frameio-api-notes.md, "IMS tokens and refresh"), and
      // never for public clients: "Refresh tokens are not available" for SPA/Native credentials
      // (frameio-api-notes.md, "IMS credentials and redirect URIs")
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
    if (!auth.client) return oauthError(reply, auth.error!.status, auth.error!.code, auth.error!.description);
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
    return identityClaims(auth.user, auth.token.scope);
  });
}

import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxRuntime } from '../http/runtime.ts';
import {
  type AuthCode,
  type AuthFlowStore,
  type AuthRequest,
  CODE_TTL_MS,
  REQUEST_TTL_MS,
} from './auth-flow.ts';
import { consentPage, errorPage } from './consent-page.ts';
import type { IdTokenSigner } from './id-token.ts';
import { parseScope, withParams } from './oauth-helpers.ts';

/**
 * Discovery, JWKS, the authorize endpoint and its consent page (frameio-api-notes.md,
 * "IMS endpoints", "IMS authorize").
 */
export function registerAuthorizeRoutes(
  ims: FastifyInstance,
  rt: SandboxRuntime,
  signer: IdTokenSigner,
  flow: AuthFlowStore,
): void {
  const { requests, codes } = flow;
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
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, MemberActor, PortalActor } from '../../lib/actor.ts';
import { requireMember } from '../../lib/actor.ts';
import { AppError, forbidden, unauthorized } from '../../lib/errors.ts';
import { safeEqual } from '../../lib/hash.ts';
import type { AuthService, SessionGrant } from '../../services/auth.service.ts';

export const SESSION_COOKIE = 'preroll_session';
/** Readable by the SPA, which echoes it in `x-csrf-token` (double submit bound to the session). */
export const CSRF_COOKIE = 'preroll_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface RequestAuth {
  actor: Actor | null;
  sessionId: string | null;
  /** Set when authenticated by API key (open SSE streams re-check the key by its id). */
  apiKeyId: string | null;
  userId: string | null;
  /** Set when authenticated by cookie; writes must then carry the CSRF header. */
  csrfToken: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves who is calling on every request: `Authorization: Bearer pr_…` (API key, no CSRF:
 * browsers never attach it on their own) or the session cookie (CSRF header required on writes).
 */
export function registerAuth(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('auth', null as unknown as RequestAuth);
  app.addHook('onRequest', async (request) => {
    request.auth = { actor: null, sessionId: null, apiKeyId: null, userId: null, csrfToken: null };
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer pr_')) {
      const { apiKeyId, actor } = await auth.resolveApiKey(header.slice('Bearer '.length).trim());
      request.auth = {
        actor,
        sessionId: null,
        apiKeyId,
        userId: actor.kind === 'member' ? actor.userId : null,
        csrfToken: null,
      };
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await auth.resolveSession(token);
    if (!session) return;
    request.auth = {
      actor: session.actor,
      sessionId: session.sessionId,
      apiKeyId: null,
      userId: session.userId,
      csrfToken: session.csrfToken,
    };
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) {
        throw new AppError(403, 'csrf_failed', `Missing or wrong ${CSRF_HEADER} header`);
      }
    }
  });
}

export function setSessionCookies(reply: FastifyReply, grant: SessionGrant, secure: boolean): void {
  const expires = new Date(grant.expiresAt);
  void reply.setCookie(SESSION_COOKIE, grant.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    expires,
  });
  void reply.setCookie(CSRF_COOKIE, grant.csrfToken, {
    path: '/',
    httpOnly: false,
    sameSite: 'lax',
    secure,
    expires,
  });
}

export function clearSessionCookies(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  void reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

/** Any authenticated caller with an organization in scope (team member or portal client). */
export function actorOf(request: FastifyRequest): Actor {
  const { actor, userId } = request.auth;
  if (actor) return actor;
  if (userId) throw forbidden('You are not a member of any organization yet', 'no_organization');
  throw unauthorized();
}

export function memberOf(request: FastifyRequest): MemberActor {
  return requireMember(actorOf(request));
}

export function portalOf(request: FastifyRequest): PortalActor {
  const actor = actorOf(request);
  if (actor.kind !== 'portal') throw forbidden('This is the client portal; log in with your magic link');
  return actor;
}

/** A logged-in user, even one without an organization (for /me and creating an organization). */
export function userIdOf(request: FastifyRequest): string {
  if (!request.auth.userId) throw unauthorized();
  return request.auth.userId;
}

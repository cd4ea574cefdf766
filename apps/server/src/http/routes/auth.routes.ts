import {
  createOrganizationBody,
  loginBody,
  signupBody,
  switchOrganizationBody,
} from '@preroll/contracts/auth';
import type { FastifyInstance } from 'fastify';
import { unauthorized } from '../../lib/errors.ts';
import { clearSessionCookies, setSessionCookies, userIdOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

export async function authRoutes(app: FastifyInstance, { services, config }: RouteDeps): Promise<void> {
  const secure = config.publicUrl.startsWith('https://');

  app.post('/api/v1/auth/signup', async (request, reply) => {
    const body = parseInput(signupBody, request.body);
    const { session, userId, orgId } = await services.auth.signup(body, request.ip);
    setSessionCookies(reply, session, secure);
    const me = await services.team.me(userId, orgId);
    return reply.status(201).send({ data: { ...me, csrf_token: session.csrfToken } });
  });

  app.post(
    '/api/v1/auth/login',
    // A second, coarse limit in front of the per-account counter in AuthService.
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const body = parseInput(loginBody, request.body);
      const { session, userId, orgId } = await services.auth.login(body, request.ip);
      setSessionCookies(reply, session, secure);
      const me = await services.team.me(userId, orgId);
      return { data: { ...me, csrf_token: session.csrfToken } };
    },
  );

  app.post('/api/v1/auth/logout', async (request, reply) => {
    if (request.auth.sessionId) await services.auth.logout(request.auth.sessionId);
    clearSessionCookies(reply);
    return reply.status(204).send();
  });

  app.get('/api/v1/me', async (request) => {
    const userId = userIdOf(request);
    const activeOrgId = request.auth.actor?.orgId ?? null;
    return { data: { ...(await services.team.me(userId, activeOrgId)), csrf_token: request.auth.csrfToken } };
  });

  app.post('/api/v1/me/active-organization', async (request) => {
    const userId = userIdOf(request);
    const body = parseInput(switchOrganizationBody, request.body);
    if (!request.auth.sessionId) throw unauthorized('Switching organizations needs a browser session');
    await services.team.switchOrganization(request.auth.sessionId, userId, body.organization_id);
    return { data: await services.team.me(userId, body.organization_id) };
  });

  app.post('/api/v1/organizations', async (request, reply) => {
    // A person creates organizations, not an API key acting inside one.
    if (!request.auth.sessionId) throw unauthorized('Creating an organization needs a browser session');
    const userId = userIdOf(request);
    const body = parseInput(createOrganizationBody, request.body);
    const org = await services.team.createOrganization(userId, request.auth.sessionId, body.name);
    return reply.status(201).send({ data: org });
  });
}

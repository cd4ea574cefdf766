import {
  createPortalUserBody,
  magicLinkLoginBody,
  magicLinkRequestBody,
  portalPageQuery,
} from '@preroll/contracts/portal';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { memberOf, portalOf, setSessionCookies } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

const idParams = z.object({ id: z.uuid() });

/**
 * The client portal's API. Team side (memberOf): invite contacts, send magic links. Portal side
 * (portalOf: a team session gets 403): log in by magic link, read own client's shows, episodes
 * and non-draft deliverables. Approving lives on /api/v1/deliverables/:id/approve for both.
 */
export async function portalRoutes(app: FastifyInstance, { services, config }: RouteDeps): Promise<void> {
  const secure = config.publicUrl.startsWith('https://');

  app.post('/api/v1/clients/:id/portal-users', async (request, reply) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    const body = parseInput(createPortalUserBody, request.body);
    return reply.status(201).send({ data: await services.portal.createUser(actor, id, body) });
  });

  app.get('/api/v1/clients/:id/portal-users', async (request) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    const query = parseInput(portalPageQuery, request.query, 'query');
    const page = await services.portal.listUsers(actor, id, query);
    return { data: page.items, next_cursor: page.nextCursor };
  });

  app.delete('/api/v1/portal-users/:id', async (request, reply) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    await services.portal.deleteUser(actor, id);
    return reply.status(204).send();
  });

  app.post('/api/v1/portal-users/:id/magic-link', async (request, reply) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    return reply.status(201).send({ data: await services.portal.sendMagicLink(actor, id) });
  });

  app.post(
    '/api/v1/portal/login',
    // Tokens carry 256 bits, so this only keeps a flood off the database.
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const { token } = parseInput(magicLinkLoginBody, request.body);
      const { session, user, client } = await services.portal.login(token);
      setSessionCookies(reply, session, secure);
      return { data: { user, client, csrf_token: session.csrfToken } };
    },
  );

  app.post(
    '/api/v1/portal/magic-link',
    // A coarse limit in front of the per-address and per-email counters in PortalHomeService.
    { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const { email } = parseInput(magicLinkRequestBody, request.body);
      await services.portalHome.requestMagicLink(email, request.ip);
      return reply.status(202).send({
        data: { message: 'If this email may review with us, a sign-in link is on its way.' },
      });
    },
  );

  app.get('/api/v1/portal/waiting', async (request) => ({
    data: await services.portalHome.waiting(portalOf(request)),
  }));

  app.get('/api/v1/portal/episodes/:id', async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    return { data: await services.portalHome.episode(portalOf(request), id) };
  });

  app.get('/api/v1/portal/me', async (request) => ({ data: await services.portal.me(portalOf(request)) }));

  app.get('/api/v1/portal/shows', async (request) => {
    const actor = portalOf(request);
    const query = parseInput(portalPageQuery, request.query, 'query');
    const page = await services.portal.listShows(actor, query);
    return { data: page.items, next_cursor: page.nextCursor };
  });

  app.get('/api/v1/portal/shows/:id/episodes', async (request) => {
    const actor = portalOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    const query = parseInput(portalPageQuery, request.query, 'query');
    const page = await services.portal.listEpisodes(actor, id, query);
    return { data: page.items, next_cursor: page.nextCursor };
  });

  app.get('/api/v1/portal/episodes/:id/deliverables', async (request) => {
    const actor = portalOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    const query = parseInput(portalPageQuery, request.query, 'query');
    const page = await services.portal.listDeliverables(actor, id, query);
    return { data: page.items, next_cursor: page.nextCursor };
  });
}

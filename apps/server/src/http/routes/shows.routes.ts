import { createShowBody, listShowsQuery, updateShowBody } from '@preroll/contracts/shows';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { memberOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

const idParams = z.object({ id: z.uuid() });

/** /api/v1/shows and /api/v1/clients/:id/shows. Team only; DELETE needs admin (cascades). */
export async function showRoutes(app: FastifyInstance, { services }: RouteDeps): Promise<void> {
  app.get('/api/v1/shows', async (request) => {
    const actor = memberOf(request);
    const { client_id, ...page } = parseInput(listShowsQuery, request.query, 'query');
    const result = await services.shows.list(actor, { clientId: client_id }, page);
    return { data: result.items, next_cursor: result.nextCursor };
  });

  app.post('/api/v1/clients/:id/shows', async (request, reply) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    const body = parseInput(createShowBody, request.body);
    return reply.status(201).send({ data: await services.shows.create(actor, id, body) });
  });

  app.get('/api/v1/shows/:id', async (request) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    return { data: await services.shows.get(actor, id) };
  });

  app.patch('/api/v1/shows/:id', async (request) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    const body = parseInput(updateShowBody, request.body);
    return { data: await services.shows.update(actor, id, body) };
  });

  app.delete('/api/v1/shows/:id', async (request, reply) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    await services.shows.delete(actor, id);
    return reply.status(204).send();
  });
}

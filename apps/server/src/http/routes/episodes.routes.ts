import { createEpisodeBody, listEpisodesQuery, updateEpisodeBody } from '@preroll/contracts/episodes';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { memberOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

const idParams = z.object({ id: z.uuid() });

/** /api/v1/episodes and /api/v1/shows/:id/episodes. Team only; any member may delete. */
export async function episodeRoutes(app: FastifyInstance, { services }: RouteDeps): Promise<void> {
  app.get('/api/v1/episodes', async (request) => {
    const actor = memberOf(request);
    const { show_id, status, ...page } = parseInput(listEpisodesQuery, request.query, 'query');
    const result = await services.episodes.list(actor, { showId: show_id, status }, page);
    return { data: result.items, next_cursor: result.nextCursor };
  });

  app.post('/api/v1/shows/:id/episodes', async (request, reply) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    const body = parseInput(createEpisodeBody, request.body);
    return reply.status(201).send({ data: await services.episodes.create(actor, id, body) });
  });

  app.get('/api/v1/episodes/:id', async (request) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    return { data: await services.episodes.get(actor, id) };
  });

  app.patch('/api/v1/episodes/:id', async (request) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    const body = parseInput(updateEpisodeBody, request.body);
    return { data: await services.episodes.update(actor, id, body) };
  });

  app.delete('/api/v1/episodes/:id', async (request, reply) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    await services.episodes.delete(actor, id);
    return reply.status(204).send();
  });
}

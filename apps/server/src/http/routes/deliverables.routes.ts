import {
  createDeliverableBody,
  listDeliverablesQuery,
  requestRevisionBody,
  updateDeliverableBody,
} from '@preroll/contracts/deliverables';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, memberOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

const idParams = z.object({ id: z.uuid() });
const emptyBody = z.strictObject({});

/**
 * /api/v1/deliverables, /api/v1/episodes/:id/deliverables and the lifecycle actions. CRUD and
 * submit are team only; approve and request-revision also accept a portal client (the service
 * limits them to their own client's submitted work).
 */
export async function deliverableRoutes(app: FastifyInstance, { services }: RouteDeps): Promise<void> {
  app.get('/api/v1/deliverables', async (request) => {
    const actor = memberOf(request);
    const { episode_id, status, ...page } = parseInput(listDeliverablesQuery, request.query, 'query');
    const result = await services.deliverables.list(actor, { episodeId: episode_id, status }, page);
    return { data: result.items, next_cursor: result.nextCursor };
  });

  app.post('/api/v1/episodes/:id/deliverables', async (request, reply) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    const body = parseInput(createDeliverableBody, request.body);
    return reply.status(201).send({ data: await services.deliverables.create(actor, id, body) });
  });

  app.get('/api/v1/deliverables/:id', async (request) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    return { data: await services.deliverables.get(actor, id) };
  });

  app.patch('/api/v1/deliverables/:id', async (request) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    const body = parseInput(updateDeliverableBody, request.body);
    return { data: await services.deliverables.update(actor, id, body) };
  });

  app.delete('/api/v1/deliverables/:id', async (request, reply) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    await services.deliverables.delete(actor, id);
    return reply.status(204).send();
  });

  app.post('/api/v1/deliverables/:id/submit', async (request) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    parseInput(emptyBody, request.body ?? {});
    return { data: await services.deliverables.transition(actor, id, 'submit') };
  });

  app.post('/api/v1/deliverables/:id/approve', async (request) => {
    const actor = actorOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    parseInput(emptyBody, request.body ?? {});
    return { data: await services.deliverables.transition(actor, id, 'approve') };
  });

  app.post('/api/v1/deliverables/:id/request-revision', async (request) => {
    const actor = actorOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    const body = parseInput(requestRevisionBody, request.body ?? {});
    return { data: await services.deliverables.transition(actor, id, 'request_revision', body.note) };
  });
}

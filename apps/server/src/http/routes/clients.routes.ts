import { createClientBody, listClientsQuery, updateClientBody } from '@preroll/contracts/clients';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { memberOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

const idParams = z.object({ id: z.uuid() });

/**
 * /api/v1/clients. Team only (memberOf: a portal session gets 403). Reads, creates and updates
 * for any member; DELETE needs admin (see ClientService.delete: it cascades to everything).
 */
export async function clientRoutes(app: FastifyInstance, { services }: RouteDeps): Promise<void> {
  app.get('/api/v1/clients', async (request) => {
    const actor = memberOf(request);
    const query = parseInput(listClientsQuery, request.query, 'query');
    const page = await services.clients.list(actor, query);
    return { data: page.items, next_cursor: page.nextCursor };
  });

  app.post('/api/v1/clients', async (request, reply) => {
    const actor = memberOf(request);
    const body = parseInput(createClientBody, request.body);
    return reply.status(201).send({ data: await services.clients.create(actor, body) });
  });

  app.get('/api/v1/clients/:id', async (request) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    return { data: await services.clients.get(actor, id) };
  });

  app.patch('/api/v1/clients/:id', async (request) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    const body = parseInput(updateClientBody, request.body);
    return { data: await services.clients.update(actor, id, body) };
  });

  app.delete('/api/v1/clients/:id', async (request, reply) => {
    const actor = memberOf(request);
    const { id } = parseInput(idParams, request.params, 'params');
    await services.clients.delete(actor, id);
    return reply.status(204).send();
  });
}

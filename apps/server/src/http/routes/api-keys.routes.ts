import { createApiKeyBody } from '@preroll/contracts/auth';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

export async function apiKeyRoutes(app: FastifyInstance, { services }: RouteDeps): Promise<void> {
  app.post('/api/v1/api-keys', async (request, reply) => {
    const body = parseInput(createApiKeyBody, request.body);
    // The only response that ever contains the key itself.
    return reply.status(201).send({ data: await services.apiKeys.create(actorOf(request), body.name) });
  });

  app.get('/api/v1/api-keys', async (request) => ({ data: await services.apiKeys.list(actorOf(request)) }));

  app.delete('/api/v1/api-keys/:id', async (request, reply) => {
    const { id } = parseInput(z.object({ id: z.uuid() }), request.params, 'params');
    await services.apiKeys.revoke(actorOf(request), id);
    return reply.status(204).send();
  });
}

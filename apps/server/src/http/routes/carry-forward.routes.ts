import { applyCarryForwardBody, carryForwardQuery } from '@preroll/contracts/carry-forward';
import { versionParams } from '@preroll/contracts/versions';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

export async function carryForwardRoutes(app: FastifyInstance, { services }: RouteDeps): Promise<void> {
  // The proposals for carrying an earlier version's open notes here, or the alignment's progress.
  app.get('/api/v1/versions/:id/carry-forward', async (request) => {
    const { id } = parseInput(versionParams, request.params, 'params');
    const query = parseInput(carryForwardQuery, request.query, 'query');
    return { data: await services.carryForward.get(actorOf(request), id, query) };
  });

  app.post('/api/v1/versions/:id/carry-forward', async (request, reply) => {
    const { id } = parseInput(versionParams, request.params, 'params');
    const query = parseInput(carryForwardQuery, request.query, 'query');
    const body = parseInput(applyCarryForwardBody, request.body, 'body');
    const result = await services.carryForward.apply(actorOf(request), id, query, body);
    return reply.status(result.created > 0 ? 201 : 200).send({ data: result });
  });
}

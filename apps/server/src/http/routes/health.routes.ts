import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../route-deps.ts';

export async function healthRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get('/healthz', async (_request, reply) => {
    try {
      await deps.store.ping();
      return { status: 'ok', database: deps.store.dialect };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: deps.store.dialect });
    }
  });
}

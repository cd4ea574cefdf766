import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { RouteDeps } from '../route-deps.ts';

export async function healthRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get('/healthz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.store.executor);
      return { status: 'ok', database: deps.store.dialect };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: deps.store.dialect });
    }
  });
}

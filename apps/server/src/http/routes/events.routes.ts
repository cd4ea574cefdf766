import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../route-deps.ts';

// TODO(owner: jobs): /api/v1/events (SSE)
export async function eventRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  void app;
  void deps;
}

import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../route-deps.ts';

// TODO(owner: domain): /api/v1/shows, /api/v1/clients/:id/shows
export async function showRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  void app;
  void deps;
}

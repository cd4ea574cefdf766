import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../route-deps.ts';

// TODO(owner: domain): /api/v1/episodes, /api/v1/shows/:id/episodes
export async function episodeRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  void app;
  void deps;
}

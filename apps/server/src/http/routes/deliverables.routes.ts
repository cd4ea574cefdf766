import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../route-deps.ts';

// TODO(owner: domain): /api/v1/deliverables, /api/v1/episodes/:id/deliverables, lifecycle actions
export async function deliverableRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  void app;
  void deps;
}

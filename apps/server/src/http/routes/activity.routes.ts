import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../route-deps.ts';

// TODO(owner: domain): /api/v1/activity
export async function activityRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  void app;
  void deps;
}

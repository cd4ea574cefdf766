import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../route-deps.ts';

// TODO(owner: media): /api/v1/uploads (tus)
export async function uploadRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  void app;
  void deps;
}

import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../route-deps.ts';
import { accountRoutes } from './account.routes.ts';
import { activityRoutes } from './activity.routes.ts';
import { apiKeyRoutes } from './api-keys.routes.ts';
import { authRoutes } from './auth.routes.ts';
import { carryForwardRoutes } from './carry-forward.routes.ts';
import { clientRoutes } from './clients.routes.ts';
import { commentRoutes } from './comments.routes.ts';
import { deliverableRoutes } from './deliverables.routes.ts';
import { episodeRoutes } from './episodes.routes.ts';
import { eventRoutes } from './events.routes.ts';
import { healthRoutes } from './health.routes.ts';
import { markerRoutes } from './markers.routes.ts';
import { notificationRoutes } from './notifications.routes.ts';
import { openApiRoutes } from './openapi.routes.ts';
import { outboxRoutes } from './outbox.routes.ts';
import { portalRoutes } from './portal.routes.ts';
import { showRoutes } from './shows.routes.ts';
import { teamRoutes } from './team.routes.ts';
import { uploadRoutes } from './uploads.routes.ts';
import { versionRoutes } from './versions.routes.ts';
import { webAppRoutes } from './web-app.routes.ts';

const routeModules = [
  healthRoutes,
  authRoutes,
  accountRoutes,
  teamRoutes,
  apiKeyRoutes,
  outboxRoutes,
  clientRoutes,
  showRoutes,
  episodeRoutes,
  deliverableRoutes,
  activityRoutes,
  portalRoutes,
  uploadRoutes,
  versionRoutes,
  commentRoutes,
  markerRoutes,
  carryForwardRoutes,
  eventRoutes,
  openApiRoutes,
  notificationRoutes,
];

export async function registerRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  for (const register of routeModules) await register(app, deps);
  for (const registerIntegration of deps.integrationRoutes) await registerIntegration(app);
  // Last: the SPA's wildcard GET serves the web app and never answers /api/* or /healthz.
  await webAppRoutes(app, deps);
}

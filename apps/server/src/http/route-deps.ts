import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.ts';
import type { Metrics } from '../lib/metrics.ts';
import type { EventBus } from '../realtime/event-bus.ts';
import type { Store } from '../repositories/store.ts';
import type { Services } from '../services/index.ts';
import type { ApiOperation } from './openapi/api-operation.ts';

export interface ReadinessReport {
  ready: boolean;
  checks: Record<'database' | 'storage' | 'migrations' | 'shutdown', { ok: boolean; detail?: string }>;
}

/** What route modules receive. Routes validate, call one service, and present `{data}`. */
export interface RouteDeps {
  services: Services;
  config: Config;
  events: EventBus;
  /** Only for the health check and the dev outbox, which have no business logic. */
  store: Store;
  /** Prometheus instruments (`GET /metrics`, SSE and upload gauges). */
  metrics: Metrics;
  /** `GET /readyz`: database, storage, migrations, and whether the process is shutting down. */
  readiness: () => Promise<ReadinessReport>;
  /** Integrations' routes (handed in by the composition root): after the core's, before the web app's catch-all. */
  integrationRoutes: Array<(app: FastifyInstance) => Promise<void>>;
  /** Those routes' OpenAPI entries, merged with the core's into `/api/v1/openapi.json`. */
  integrationOperations: ApiOperation[];
}

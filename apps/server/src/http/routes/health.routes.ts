import type { FastifyInstance } from 'fastify';
import { safeEqual } from '../../lib/hash.ts';
import type { RouteDeps } from '../route-deps.ts';

/**
 * `/healthz` (liveness: the process answers and its database does), `/readyz` (readiness: database
 * and storage reachable, every migration applied, not shutting down; a load balancer stops
 * sending traffic on 503) and `/metrics` (Prometheus text; a bearer token when
 * PREROLL_METRICS_TOKEN is set). docs/operations.md says what to alert on.
 */
export async function healthRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get('/healthz', async (_request, reply) => {
    try {
      await deps.store.ping();
      return { status: 'ok', database: deps.store.dialect };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: deps.store.dialect });
    }
  });

  app.get('/readyz', async (_request, reply) => {
    const report = await deps.readiness();
    return reply
      .status(report.ready ? 200 : 503)
      .send({ status: report.ready ? 'ready' : 'not_ready', checks: report.checks });
  });

  if (!deps.metrics.enabled) return;
  const token = deps.config.metrics.token;
  app.get('/metrics', async (request, reply) => {
    const sent = request.headers.authorization;
    if (token && (typeof sent !== 'string' || !safeEqual(sent, `Bearer ${token}`))) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .send({ error: { message: 'The metrics need their bearer token', code: 'unauthorized' } });
    }
    return reply.type(deps.metrics.contentType).send(await deps.metrics.text());
  });
}

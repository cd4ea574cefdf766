import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../lib/metrics.ts';

export const REQUEST_ID_HEADER = 'x-request-id';
/** An id a proxy or client sent is kept only if it is short and plain (it goes into every log line). */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request id: the caller's `x-request-id` when it is a plain token (a load balancer's), a new
 * UUID otherwise. Fastify puts it on every log line of the request (`request_id`).
 */
export function requestIdOf(req: IncomingMessage): string {
  const sent = req.headers[REQUEST_ID_HEADER];
  return typeof sent === 'string' && ACCEPTED_REQUEST_ID.test(sent) ? sent : randomUUID();
}

/** Routes whose "duration" is a stream's lifetime, not a latency. */
const STREAMING_ROUTES = new Set(['/api/v1/events']);

/**
 * Every response carries `x-request-id` (also responses written by tus or the event stream, which
 * bypass Fastify's reply: the header is set on the raw response first). With metrics on, each
 * request's latency is observed by route template when its response ends, hijacked or not.
 */
export function registerRequestObservability(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.raw.setHeader(REQUEST_ID_HEADER, request.id);
    if (!metrics.enabled) return;
    const route = request.routeOptions.url;
    if (route && STREAMING_ROUTES.has(route)) return;
    const started = process.hrtime.bigint();
    reply.raw.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequestDuration.observe(
        { method: request.method, route: route ?? 'unmatched', status_code: String(reply.raw.statusCode) },
        seconds,
      );
    });
  });
}

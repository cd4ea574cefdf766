import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { serializeError, serializeRequest } from './log-redaction.ts';
import { registerAuth } from './plugins/auth.ts';
import { frameworkErrorHandler, registerErrorHandler } from './plugins/error-handler.ts';
import { registerRequestObservability, requestIdOf } from './plugins/request-observability.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import type { RouteDeps } from './route-deps.ts';
import { registerRoutes } from './routes/index.ts';

export const JSON_BODY_LIMIT = 1024 * 1024;

export interface BuildAppOptions {
  /** Where log lines go (default stdout); tests read the log through it. */
  logStream?: NodeJS.WritableStream;
}

/** Builds the HTTP app without listening, so tests and main.ts compose it the same way. */
export async function buildApp(deps: RouteDeps, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      deps.config.logLevel === 'silent'
        ? false
        : {
            level: deps.config.logLevel,
            ...(opts.logStream ? { stream: opts.logStream } : {}),
            // URLs carry tokens (magic links, invitations, OAuth codes): log-redaction.ts.
            serializers: { req: serializeRequest, err: serializeError },
            // Credentials never reach the log, whatever a route logs.
            redact: [
              'req.headers.authorization',
              'req.headers.cookie',
              'req.headers["x-csrf-token"]',
              'res.headers["set-cookie"]',
            ],
          },
    bodyLimit: JSON_BODY_LIMIT,
    frameworkErrors: frameworkErrorHandler,
    // Off by default: otherwise any client could pick its own address with X-Forwarded-For.
    trustProxy: deps.config.trustProxy,
    // One id per request on every log line and in the x-request-id response header (docs/operations.md).
    requestIdHeader: false,
    genReqId: requestIdOf,
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
  });
  registerRequestObservability(app, deps.metrics);
  registerErrorHandler(app);
  await registerSecurityHeaders(app, deps.config.publicUrl);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  registerAuth(app, deps.services.auth);
  await registerRoutes(app, deps);
  return app;
}

import Fastify, { type FastifyInstance } from 'fastify';
import { registerAccountRoutes } from '../api/accounts.routes.ts';
import { registerCommentRoutes } from '../api/comments.routes.ts';
import { registerFileRoutes } from '../api/files.routes.ts';
import { registerFolderRoutes } from '../api/folders.routes.ts';
import { registerMetadataRoutes } from '../api/metadata.routes.ts';
import { registerProjectRoutes } from '../api/projects.routes.ts';
import { registerShareRoutes } from '../api/shares.routes.ts';
import { registerVersionStackRoutes } from '../api/version-stacks.routes.ts';
import { registerWebhookRoutes } from '../api/webhooks.routes.ts';
import { registerControlRoutes } from '../control/control.routes.ts';
import type { SandboxControl } from '../control/sandbox-control.ts';
import type { IdTokenSigner } from '../ims/id-token.ts';
import { registerImsRoutes } from '../ims/ims.routes.ts';
import { registerUiRoutes } from '../ui/ui.routes.ts';
import { registerMediaRoutes } from '../uploads/media.routes.ts';
import { registerS3Routes } from '../uploads/s3.routes.ts';
import type { SandboxRuntime } from './runtime.ts';

/** Fastify errors (bad JSON, wrong content type, too large) in Frame.io's error shape. */
function frameioErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, _req, reply) => {
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) return reply.code(500).send({ errors: [{ detail: 'Internal server error' }] });
    if (status === 413) return reply.code(413).send({ errors: [{ detail: 'Request entity too large' }] });
    return reply.code(400).send({ errors: [{ detail: 'Bad request' }] });
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ errors: [{ detail: 'Not found' }] }));
}

export async function buildApp(
  rt: SandboxRuntime,
  control: SandboxControl,
  signer: IdTokenSigner,
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024, forceCloseConnections: true });
  frameioErrorHandler(app);
  // Clients often send Content-Type: application/json on every request, DELETEs included; an
  // empty body is then "no body", not a JSON syntax error.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      (err as { statusCode?: number }).statusCode = 400;
      done(err as Error, undefined);
    }
  });
  await app.register(async (api) => {
    registerAccountRoutes(api, rt);
    registerProjectRoutes(api, rt);
    registerFolderRoutes(api, rt);
    registerFileRoutes(api, rt);
    registerVersionStackRoutes(api, rt);
    registerCommentRoutes(api, rt);
    registerMetadataRoutes(api, rt);
    registerShareRoutes(api, rt);
    registerWebhookRoutes(api, rt);
  });
  registerImsRoutes(app, rt, signer);
  registerS3Routes(app, rt);
  registerMediaRoutes(app, rt);
  if (rt.options.control) registerControlRoutes(app, control);
  registerUiRoutes(app, rt, control);
  return app;
}

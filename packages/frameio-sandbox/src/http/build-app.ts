import Fastify, { type FastifyInstance } from 'fastify';
import { registerAccountRoutes } from '../api/accounts.routes.ts';
import { registerCommentRoutes } from '../api/comments.routes.ts';
import { registerFileCopyRoutes } from '../api/file-copies.routes.ts';
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

const ID_SEGMENT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|adobe:.+|\d+)$/i;

/** `POST /v4/accounts/{account_id}/folders/{folder_id}/copy`: the request with its ids named. */
export function operationOf(method: string, url: string): string {
  const segments = (url.split('?')[0] ?? '').split('/');
  const named = segments.map((seg, i) => {
    if (i === 0 || !ID_SEGMENT.test(decodeURIComponent(seg))) return seg;
    const prev = segments[i - 1] ?? 'resource';
    const singular = prev.endsWith('ies') ? `${prev.slice(0, -3)}y` : prev.replace(/s$/, '');
    return `{${singular}_id}`;
  });
  return `${method} ${named.join('/')}`;
}

/** Fastify errors (bad JSON, wrong content type, too large) in Frame.io's error shape. */
function frameioErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, _req, reply) => {
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) return reply.code(500).send({ errors: [{ detail: 'Internal server error' }] });
    if (status === 413) return reply.code(413).send({ errors: [{ detail: 'Request entity too large' }] });
    return reply.code(400).send({ errors: [{ detail: 'Bad request' }] });
  });
  // An operation the sandbox does not emulate answers 501, not 404: to a client a 404 means "the
  // resource is missing" (frameio-api-notes.md, "Operations beyond the subset").
  app.setNotFoundHandler((req, reply) => {
    if (req.url === '/v4' || req.url.startsWith('/v4/')) {
      const detail = `not emulated by the sandbox: ${operationOf(req.method, req.url)}`;
      return reply.code(501).send({ errors: [{ detail }] });
    }
    return reply.code(404).send({ errors: [{ detail: 'Not found' }] });
  });
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
    registerFileCopyRoutes(api, rt);
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

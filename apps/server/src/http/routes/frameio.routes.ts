import { frameioCallbackQuery, selectFrameioWorkspaceBody } from '@preroll/contracts/frameio';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';
import { frameioReviewRoutes } from './frameio-review.routes.ts';
import { frameioSyncRoutes } from './frameio-sync.routes.ts';

/** httpOnly cookie binding an OAuth `state` to the browser that clicked Connect. */
export const FRAMEIO_OAUTH_COOKIE = 'preroll_frameio_oauth';
/** Exactly this path, outside /api/v1 (issue 5, DESIGN.md): it is registered at Adobe. */
export const FRAMEIO_CALLBACK_PATH = '/api/integrations/frameio/callback';

export async function frameioRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { services, config } = deps;
  // Issue 6 (mirroring, uploads, review links) registers through the integration's one entry point.
  await frameioReviewRoutes(app, deps);
  // Issue 7: webhook receiver, delivery health, resync.
  await frameioSyncRoutes(app, deps);
  const secure = config.publicUrl.startsWith('https://');

  app.get('/api/v1/integrations/frameio', async (request) => ({
    data: await services.frameio.card(actorOf(request)),
  }));

  app.post('/api/v1/integrations/frameio/connect', async (request, reply) => {
    const started = await services.frameio.connect(actorOf(request));
    // SameSite=Lax: sent on the top-level GET redirect back from Adobe, not on cross-site POSTs.
    void reply.setCookie(FRAMEIO_OAUTH_COOKIE, started.nonce, {
      path: FRAMEIO_CALLBACK_PATH,
      httpOnly: true,
      sameSite: 'lax',
      secure,
      maxAge: started.maxAgeSeconds,
    });
    return { data: { authorize_url: started.authorizeUrl } };
  });

  // Logged like any request: the request serializer redacts `?code=…&state=…` (log-redaction.ts).
  app.get(FRAMEIO_CALLBACK_PATH, async (request, reply) => {
    const parsed = frameioCallbackQuery.safeParse(request.query ?? {});
    const query = parsed.success ? parsed.data : { error: 'invalid_request' };
    const target = await services.frameio.completeCallback(query, request.cookies[FRAMEIO_OAUTH_COOKIE]);
    void reply.clearCookie(FRAMEIO_OAUTH_COOKIE, { path: FRAMEIO_CALLBACK_PATH });
    return reply.header('cache-control', 'no-store').redirect(target, 303);
  });

  app.get('/api/v1/integrations/frameio/workspaces', async (request) => ({
    data: await services.frameio.listWorkspaces(actorOf(request)),
  }));

  app.put('/api/v1/integrations/frameio/workspace', async (request) => {
    const body = parseInput(selectFrameioWorkspaceBody, request.body);
    return { data: await services.frameio.selectWorkspace(actorOf(request), body) };
  });

  app.post('/api/v1/integrations/frameio/check', async (request) => ({
    data: await services.frameio.check(actorOf(request)),
  }));

  app.delete('/api/v1/integrations/frameio', async (request) => ({
    data: await services.frameio.disconnect(actorOf(request)),
  }));
}

import { frameioCallbackQuery, selectFrameioWorkspaceBody } from '@preroll/contracts/frameio';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../../config/config.ts';
import { actorOf } from '../../../http/plugins/auth.ts';
import { parseInput } from '../../../http/validation.ts';
import type { FrameioConnectionService } from './connection.service.ts';

/** httpOnly cookie binding an OAuth `state` to the browser that clicked Connect. */
export const FRAMEIO_OAUTH_COOKIE = 'preroll_frameio_oauth';
/** Exactly this path, outside /api/v1 (docs/frameio.md, section 1): it is registered at Adobe. */
export const FRAMEIO_CALLBACK_PATH = '/api/integrations/frameio/callback';

/** Connect, callback, workspace pick, check, disconnect, and the Settings card. */
export async function connectionRoutes(
  app: FastifyInstance,
  { connection, config }: { connection: FrameioConnectionService; config: Config },
): Promise<void> {
  const secure = config.publicUrl.startsWith('https://');

  app.get('/api/v1/integrations/frameio', async (request) => ({
    data: await connection.card(actorOf(request)),
  }));

  app.post('/api/v1/integrations/frameio/connect', async (request, reply) => {
    // The browser's origin (absent for API clients): the sign-in must return to the same host.
    const origin = typeof request.headers.origin === 'string' ? request.headers.origin : undefined;
    const started = await connection.connect(actorOf(request), origin);
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
    const target = await connection.completeCallback(query, request.cookies[FRAMEIO_OAUTH_COOKIE]);
    void reply.clearCookie(FRAMEIO_OAUTH_COOKIE, { path: FRAMEIO_CALLBACK_PATH });
    return reply.header('cache-control', 'no-store').redirect(target, 303);
  });

  app.get('/api/v1/integrations/frameio/workspaces', async (request) => ({
    data: await connection.listWorkspaces(actorOf(request)),
  }));

  app.put('/api/v1/integrations/frameio/workspace', async (request) => {
    const body = parseInput(selectFrameioWorkspaceBody, request.body);
    return { data: await connection.selectWorkspace(actorOf(request), body) };
  });

  app.post('/api/v1/integrations/frameio/check', async (request) => ({
    data: await connection.check(actorOf(request)),
  }));

  app.delete('/api/v1/integrations/frameio', async (request) => ({
    data: await connection.disconnect(actorOf(request)),
  }));
}

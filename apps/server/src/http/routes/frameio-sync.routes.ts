import { frameioStatusMappingBody } from '@preroll/contracts/frameio-sync';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { FRAMEIO_WEBHOOK_PATH } from '../../integrations/frameio/frameio-webhooks.service.ts';
import { actorOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

/** Frame.io deliveries are small id-only JSON (REFERENCE §6.3); anything bigger is not one. */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;

const idParams = z.object({ id: z.uuid() });
const deliveriesQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).optional() });

/** Issue 7: the webhook receiver, webhook re-create, delivery health and replay, resync. */
export async function frameioSyncRoutes(app: FastifyInstance, { services }: RouteDeps): Promise<void> {
  const sync = services.frameio.sync;

  // Own scope: the signature is over the raw bytes, so this route keeps the Buffer instead of
  // the app's JSON parser; any content type is read the same way, capped at 64 KiB (→ 413).
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );
    scope.post(FRAMEIO_WEBHOOK_PATH, { bodyLimit: WEBHOOK_BODY_LIMIT }, async (request, reply) => {
      const header = (name: string) => {
        const v = request.headers[name];
        return typeof v === 'string' && v.length > 0 ? v : undefined;
      };
      const result = await sync.webhooks.receive({
        rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        signature: header('x-frameio-signature'),
        timestamp: header('x-frameio-request-timestamp'),
      });
      return reply.status(result.duplicate ? 200 : 202).send({ data: result });
    });
  });

  app.get('/api/v1/integrations/frameio/webhook', async (request) => ({
    data: await sync.webhookStatus(actorOf(request)),
  }));

  app.post('/api/v1/integrations/frameio/webhook', async (request) => ({
    data: await sync.webhooks.recreate(actorOf(request)),
  }));

  app.get('/api/v1/integrations/frameio/status-mapping', async (request) => ({
    data: await sync.statusMapping(actorOf(request)),
  }));

  app.put('/api/v1/integrations/frameio/status-mapping', async (request) => {
    const body = parseInput(frameioStatusMappingBody, request.body);
    return { data: await sync.updateStatusMapping(actorOf(request), body) };
  });

  app.get('/api/v1/integrations/frameio/deliveries', async (request) => {
    const q = parseInput(deliveriesQuery, request.query ?? {}, 'query');
    return { data: await sync.webhooks.listDeliveries(actorOf(request), q.limit ?? 50) };
  });

  app.post('/api/v1/deliverables/:id/frameio/resync', async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    return { data: await sync.resyncDeliverable(actorOf(request), id) };
  });

  app.get('/api/v1/versions/:id/frameio/comment-sync', async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    return { data: await sync.commentSyncStates(actorOf(request), id) };
  });

  app.post('/api/v1/integrations/frameio/deliveries/:id/replay', async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    return { data: await sync.webhooks.replay(actorOf(request), id) };
  });
}

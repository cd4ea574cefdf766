import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../../http/plugins/auth.ts';
import { parseInput } from '../../../http/validation.ts';
import type { FrameioDeliveries } from './deliveries.ts';
import type { FrameioReconciliation } from './reconciliation.ts';
import type { FrameioWebhookReceiver } from './webhook-receiver.ts';
import { FRAMEIO_WEBHOOK_PATH, type FrameioWebhooks } from './webhook-registration.ts';

/** Frame.io deliveries are small id-only JSON (docs/frameio-api-notes.md, "Webhooks: payload"). */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;

const idParams = z.object({ id: z.uuid() });
const deliveriesQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).optional() });

export interface SyncRouteDeps {
  receiver: FrameioWebhookReceiver;
  webhooks: FrameioWebhooks;
  deliveries: FrameioDeliveries;
  reconciliation: FrameioReconciliation;
}

/** The webhook receiver, webhook re-create, delivery health and replay, Resync, comment sync state. */
export async function syncRoutes(app: FastifyInstance, deps: SyncRouteDeps): Promise<void> {
  const { receiver, webhooks, deliveries, reconciliation } = deps;

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
      const result = await receiver.receive({
        rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        signature: header('x-frameio-signature'),
        timestamp: header('x-frameio-request-timestamp'),
      });
      return reply.status(result.duplicate ? 200 : 202).send({ data: result });
    });
  });

  app.get('/api/v1/integrations/frameio/webhook', async (request) => ({
    data: await webhooks.statusFor(actorOf(request)),
  }));

  app.post('/api/v1/integrations/frameio/webhook', async (request) => ({
    data: await webhooks.recreate(actorOf(request)),
  }));

  app.get('/api/v1/integrations/frameio/deliveries', async (request) => {
    const q = parseInput(deliveriesQuery, request.query ?? {}, 'query');
    return { data: await deliveries.listDeliveries(actorOf(request), q.limit ?? 50) };
  });

  app.post('/api/v1/integrations/frameio/deliveries/:id/replay', async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    return { data: await deliveries.replay(actorOf(request), id) };
  });

  app.post('/api/v1/deliverables/:id/frameio/resync', async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    return { data: await reconciliation.resyncDeliverable(actorOf(request), id) };
  });

  app.get('/api/v1/versions/:id/frameio/comment-sync', async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    return { data: await reconciliation.commentSyncStates(actorOf(request), id) };
  });
}

import {
  createWebhookEndpointBody,
  rotateWebhookSecretBody,
  updateWebhookEndpointBody,
  WEBHOOK_EVENT_LABELS,
  WEBHOOK_EVENT_TYPES,
  webhookDeliveriesQuery,
} from '@preroll/contracts/webhooks';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../http/plugins/auth.ts';
import { parseInput } from '../../http/validation.ts';
import { requireMember } from '../../lib/actor.ts';
import type { WebhookEndpointService } from './endpoint.service.ts';

const idParams = z.object({ id: z.uuid() });

/** Outgoing webhooks over the API (docs/api.md, "Webhooks"); Settings → Webhooks uses the same routes. */
export async function webhookRoutes(
  app: FastifyInstance,
  { endpoints }: { endpoints: WebhookEndpointService },
): Promise<void> {
  app.get('/api/v1/webhook-events', async (request) => {
    requireMember(actorOf(request));
    return { data: WEBHOOK_EVENT_TYPES.map((type) => ({ type, description: WEBHOOK_EVENT_LABELS[type] })) };
  });

  app.get('/api/v1/webhook-endpoints', async (request) => ({ data: await endpoints.list(actorOf(request)) }));

  app.post('/api/v1/webhook-endpoints', async (request, reply) => {
    const body = parseInput(createWebhookEndpointBody, request.body);
    // With the signing secret: the only time it is shown (and again after a rotation).
    return reply.status(201).send({ data: await endpoints.create(actorOf(request), body) });
  });

  app.get('/api/v1/webhook-endpoints/:id', async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    return { data: await endpoints.get(actorOf(request), id) };
  });

  app.patch('/api/v1/webhook-endpoints/:id', async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    const body = parseInput(updateWebhookEndpointBody, request.body);
    return { data: await endpoints.update(actorOf(request), id, body) };
  });

  app.delete('/api/v1/webhook-endpoints/:id', async (request, reply) => {
    const { id } = parseInput(idParams, request.params, 'params');
    await endpoints.delete(actorOf(request), id);
    return reply.status(204).send();
  });

  app.post('/api/v1/webhook-endpoints/:id/rotate-secret', async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    const body = parseInput(rotateWebhookSecretBody, request.body ?? {});
    return { data: await endpoints.rotateSecret(actorOf(request), id, body.overlap_minutes) };
  });

  app.post('/api/v1/webhook-endpoints/:id/test', async (request, reply) => {
    const { id } = parseInput(idParams, request.params, 'params');
    return reply.status(202).send({ data: await endpoints.sendTest(actorOf(request), id) });
  });

  app.get('/api/v1/webhook-endpoints/:id/deliveries', async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    const query = parseInput(webhookDeliveriesQuery, request.query, 'query');
    const page = await endpoints.deliveries(actorOf(request), id, query);
    return { data: page.items, next_cursor: page.nextCursor };
  });

  app.post('/api/v1/webhook-deliveries/:id/replay', async (request, reply) => {
    const { id } = parseInput(idParams, request.params, 'params');
    return reply.status(202).send({ data: await endpoints.replay(actorOf(request), id) });
  });
}

import { frameioSettingsBody, frameioShareBody } from '@preroll/contracts/frameio-review';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

/** `:id` of a version or a deliverable. */
const versionParams = z.object({ id: z.uuid() });

/** Issue 6: Send to Frame.io, upload state, Retry, review links, and the auto-mirror setting. */
export async function frameioReviewRoutes(app: FastifyInstance, { services }: RouteDeps): Promise<void> {
  const review = services.frameio.review;

  app.get('/api/v1/integrations/frameio/settings', async (request) => ({
    data: await review.settings(actorOf(request)),
  }));

  app.patch('/api/v1/integrations/frameio/settings', async (request) => {
    const body = parseInput(frameioSettingsBody, request.body);
    return { data: await review.updateSettings(actorOf(request), body) };
  });

  app.get('/api/v1/versions/:id/frameio', async (request) => {
    const { id } = parseInput(versionParams, request.params, 'params');
    return { data: await review.state(actorOf(request), id) };
  });

  app.get('/api/v1/deliverables/:id/frameio', async (request) => {
    const { id } = parseInput(versionParams, request.params, 'params');
    return { data: await review.deliverableStates(actorOf(request), id) };
  });

  app.post('/api/v1/versions/:id/frameio', async (request, reply) => {
    const { id } = parseInput(versionParams, request.params, 'params');
    const data = await review.send(actorOf(request), id);
    return reply.code(202).send({ data });
  });

  app.post('/api/v1/versions/:id/frameio/retry', async (request, reply) => {
    const { id } = parseInput(versionParams, request.params, 'params');
    const data = await review.retry(actorOf(request), id);
    return reply.code(202).send({ data });
  });

  app.post('/api/v1/versions/:id/frameio/share', async (request, reply) => {
    const { id } = parseInput(versionParams, request.params, 'params');
    const body = parseInput(frameioShareBody, request.body ?? {});
    const data = await review.share(actorOf(request), id, body);
    return reply.code(201).send({ data });
  });
}

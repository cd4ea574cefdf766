import { frameioShareBody } from '@preroll/contracts/frameio-review';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../../http/plugins/auth.ts';
import { parseInput } from '../../../http/validation.ts';
import type { FrameioReviewService } from './review.service.ts';

/** `:id` of a version or a deliverable. */
const idParams = z.object({ id: z.uuid() });

/** Send to Frame.io, upload state, Retry, review links. */
export async function reviewRoutes(
  app: FastifyInstance,
  { review }: { review: FrameioReviewService },
): Promise<void> {
  app.get('/api/v1/versions/:id/frameio', async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    return { data: await review.state(actorOf(request), id) };
  });

  app.get('/api/v1/deliverables/:id/frameio', async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    return { data: await review.deliverableStates(actorOf(request), id) };
  });

  app.post('/api/v1/versions/:id/frameio', async (request, reply) => {
    const { id } = parseInput(idParams, request.params, 'params');
    const data = await review.send(actorOf(request), id);
    return reply.code(202).send({ data });
  });

  app.post('/api/v1/versions/:id/frameio/retry', async (request, reply) => {
    const { id } = parseInput(idParams, request.params, 'params');
    const data = await review.retry(actorOf(request), id);
    return reply.code(202).send({ data });
  });

  app.post('/api/v1/versions/:id/frameio/share', async (request, reply) => {
    const { id } = parseInput(idParams, request.params, 'params');
    const body = parseInput(frameioShareBody, request.body ?? {});
    const data = await review.share(actorOf(request), id, body);
    return reply.code(201).send({ data });
  });
}

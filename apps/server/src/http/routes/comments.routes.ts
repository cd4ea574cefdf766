import {
  commentParams,
  createCommentBody,
  listCommentsQuery,
  updateCommentBody,
  versionCommentsParams,
} from '@preroll/contracts/comments';
import type { FastifyInstance } from 'fastify';
import { badRequest } from '../../lib/errors.ts';
import { actorOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

export async function commentRoutes(app: FastifyInstance, { services }: RouteDeps): Promise<void> {
  // A version's threads in timeline order: all at once, or a page of `limit` when asked.
  app.get('/api/v1/versions/:id/comments', async (request) => {
    const { id } = parseInput(versionCommentsParams, request.params, 'params');
    const { status, limit, cursor } = parseInput(listCommentsQuery, request.query, 'query');
    if (limit === undefined) {
      if (cursor !== undefined)
        throw badRequest('cursor_needs_limit', 'A cursor pages a list: give limit too', { field: 'cursor' });
      return { data: await services.comments.list(actorOf(request), id, status), next_cursor: null };
    }
    const page = await services.commentTimeline.page(actorOf(request), id, { status, limit, cursor });
    return { data: page.threads, next_cursor: page.nextCursor };
  });

  // Every marker the player's timeline draws, in one slim read (no comment text).
  app.get('/api/v1/versions/:id/timeline-markers', async (request) => {
    const { id } = parseInput(versionCommentsParams, request.params, 'params');
    return { data: await services.commentTimeline.markers(actorOf(request), id) };
  });

  app.post('/api/v1/versions/:id/comments', async (request, reply) => {
    const { id } = parseInput(versionCommentsParams, request.params, 'params');
    const body = parseInput(createCommentBody, request.body);
    return reply.status(201).send({ data: await services.comments.create(actorOf(request), id, body) });
  });

  app.patch('/api/v1/comments/:id', async (request) => {
    const { id } = parseInput(commentParams, request.params, 'params');
    const body = parseInput(updateCommentBody, request.body);
    return { data: await services.comments.update(actorOf(request), id, body) };
  });

  app.delete('/api/v1/comments/:id', async (request, reply) => {
    const { id } = parseInput(commentParams, request.params, 'params');
    await services.comments.delete(actorOf(request), id);
    return reply.status(204).send();
  });
}

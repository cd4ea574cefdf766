import {
  commentParams,
  createCommentBody,
  listCommentsQuery,
  updateCommentBody,
  versionCommentsParams,
} from '@preroll/contracts/comments';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

export async function commentRoutes(app: FastifyInstance, { services }: RouteDeps): Promise<void> {
  // All threads of a version in one response (timeline order); next_cursor is always null today.
  app.get('/api/v1/versions/:id/comments', async (request) => {
    const { id } = parseInput(versionCommentsParams, request.params, 'params');
    const { status } = parseInput(listCommentsQuery, request.query, 'query');
    return { data: await services.comments.list(actorOf(request), id, status), next_cursor: null };
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

import { listActivityQuery } from '@preroll/contracts/activity';
import type { FastifyInstance } from 'fastify';
import { memberOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

/** GET /api/v1/activity?episode_id=|deliverable_id=: the team's feed, newest first. */
export async function activityRoutes(app: FastifyInstance, { services }: RouteDeps): Promise<void> {
  app.get('/api/v1/activity', async (request) => {
    const actor = memberOf(request);
    const { episode_id, deliverable_id, ...page } = parseInput(listActivityQuery, request.query, 'query');
    const result = await services.activity.list(actor, { episode_id, deliverable_id }, page);
    return { data: result.items, next_cursor: result.nextCursor };
  });
}

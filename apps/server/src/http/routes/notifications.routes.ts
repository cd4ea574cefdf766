import { inboxQuery, preferencesBody, unsubscribeBody, watchBody } from '@preroll/contracts/notifications';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { memberOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

const idParams = z.object({ id: z.uuid() });

/** The inbox, preferences, watching and the signed unsubscribe (docs/notifications.md). */
export async function notificationRoutes(app: FastifyInstance, { services }: RouteDeps): Promise<void> {
  const notifications = services.notifications;

  app.get('/api/v1/notifications', async (request) => {
    const query = parseInput(inboxQuery, request.query, 'query');
    const page = await notifications.inbox(memberOf(request), {
      unreadOnly: query.unread === '1',
      limit: query.limit,
      cursor: query.cursor,
    });
    return { data: page.items, next_cursor: page.nextCursor, unread: page.unread };
  });

  app.get('/api/v1/notifications/unread-count', async (request) => ({
    data: { unread: await notifications.unreadCount(memberOf(request)) },
  }));

  app.post('/api/v1/notifications/:id/read', async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    return { data: await notifications.markRead(memberOf(request), id) };
  });

  app.post('/api/v1/notifications/read-all', async (request) => ({
    data: await notifications.markRead(memberOf(request), null),
  }));

  app.get('/api/v1/notifications/preferences', async (request) => ({
    data: await notifications.preferences(memberOf(request)),
  }));

  app.put('/api/v1/notifications/preferences', async (request) => {
    const body = parseInput(preferencesBody, request.body);
    return { data: await notifications.setPreferences(memberOf(request), body) };
  });

  // No login: the signed token is the authority (one click from an email).
  app.post(
    '/api/v1/notifications/unsubscribe',
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request) => {
      const { token } = parseInput(unsubscribeBody, request.body);
      return { data: await notifications.unsubscribe(token) };
    },
  );

  // Watching: /clients/:id/watch, /shows/:id/watch, /deliverables/:id/watch.
  for (const [segment, subject] of [
    ['clients', 'client'],
    ['shows', 'show'],
    ['deliverables', 'deliverable'],
  ] as const) {
    app.get(`/api/v1/${segment}/:id/watch`, async (request) => {
      const { id } = parseInput(idParams, request.params, 'params');
      return { data: { watching: await notifications.isWatching(memberOf(request), subject, id) } };
    });
    app.put(`/api/v1/${segment}/:id/watch`, async (request) => {
      const { id } = parseInput(idParams, request.params, 'params');
      const { watching } = parseInput(watchBody, request.body);
      return {
        data: { watching: await notifications.setWatching(memberOf(request), subject, id, watching) },
      };
    });
  }
}

import type { FastifyInstance } from 'fastify';
import { requireRole } from '../../lib/actor.ts';
import { notFound } from '../../lib/errors.ts';
import { actorOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';

/**
 * The dev outbox: without SMTP, invitations and magic links are "delivered" here so a producer
 * admin can copy a client's login link. Disappears once SMTP is configured.
 */
export async function outboxRoutes(app: FastifyInstance, { store, config }: RouteDeps): Promise<void> {
  app.get('/api/v1/dev/outbox', async (request) => {
    // Admins only: the outbox holds invitation links, and an invitation to the admin role read by
    // a member would be a way up.
    const admin = requireRole(actorOf(request), 'admin');
    if (config.smtpUrl) throw notFound('Outbox');
    return { data: await store.mail.listForOrg(admin.orgId, 50) };
  });
}

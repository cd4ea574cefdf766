import type { FastifyInstance } from 'fastify';
import { notFound } from '../../lib/errors.ts';
import { memberOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';

/**
 * The dev outbox: without SMTP, invitations and magic links are "delivered" here so a producer
 * can copy a client's login link. Disappears once SMTP is configured.
 */
export async function outboxRoutes(app: FastifyInstance, { store, config }: RouteDeps): Promise<void> {
  app.get('/api/v1/dev/outbox', async (request) => {
    const member = memberOf(request);
    if (config.smtpUrl) throw notFound('Outbox');
    return { data: await store.mail.listForOrg(member.orgId, 50) };
  });
}

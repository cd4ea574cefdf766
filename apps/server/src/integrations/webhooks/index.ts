import type { FastifyInstance } from 'fastify';
import type { ServiceDeps } from '../../services/service-deps.ts';
import type { Integration } from '../integration.ts';
import { WebhookDelivery } from './delivery-job.ts';
import { WebhookEndpointService } from './endpoint.service.ts';
import { webhookOperations } from './openapi.ts';
import { WebhookPublisher } from './publisher.ts';
import { WebhookTargetGuard } from './repositories/target-guard.ts';
import { WebhookSender } from './repositories/webhook-sender.ts';
import { webhookDomainHooks } from './webhook-hooks.ts';
import { webhookJobHandlers } from './webhook-jobs.ts';
import { WebhookPayloads } from './webhook-payloads.ts';
import { webhookRoutes } from './webhooks.routes.ts';

export { webhookMigrations } from './migrations/index.ts';
export type { WebhookTables } from './repositories/webhook-tables.ts';

/** The integration as registered, with its parts reachable for tests and benchmarks. */
export interface WebhooksIntegration extends Integration {
  endpoints: WebhookEndpointService;
  delivery: WebhookDelivery;
  publisher: WebhookPublisher;
}

/**
 * Outgoing webhooks' one registration point (docs/webhooks.md): the core's events (and what other
 * integrations announce) become signed Standard Webhooks messages or Slack messages, recorded and
 * queued inside the change's transaction and delivered by the job queue with a day of retries.
 * The SSRF guard allows what the operator listed in PREROLL_WEBHOOKS_ALLOW_PRIVATE.
 */
export function registerWebhooks(deps: ServiceDeps): WebhooksIntegration {
  const guard = new WebhookTargetGuard(deps.config.webhooks.allowPrivate);
  const sender = new WebhookSender(guard);
  const payloads = new WebhookPayloads(deps.config.publicUrl);
  const publisher = new WebhookPublisher(deps);
  const delivery = new WebhookDelivery({ ...deps, sender });
  const endpoints = new WebhookEndpointService({ ...deps, sender }, guard, publisher, payloads);
  return {
    name: 'webhooks',
    hooks: webhookDomainHooks(publisher, payloads),
    jobs: webhookJobHandlers(delivery),
    async routes(app: FastifyInstance) {
      await webhookRoutes(app, { endpoints });
    },
    operations: webhookOperations,
    endpoints,
    delivery,
    publisher,
  };
}

import { type JobHandlers, type JobRegistry, jobHandlers } from '../../jobs/job-handlers.ts';
import type { WebhookDelivery } from './delivery-job.ts';
import type { AttemptTrigger } from './repositories/webhook-tables.ts';

/** Every outgoing-webhook job type and its payload: the one list (enqueue checks payloads against it). */
export interface WebhookJobPayloads {
  /** One attempt to deliver one event to one endpoint; a failure enqueues the next attempt itself. */
  'webhooks.deliver': { deliveryId: string; trigger: AttemptTrigger };
}

declare module '../../jobs/job-queue.ts' {
  interface JobPayloads extends WebhookJobPayloads {}
}

export function webhookJobHandlers(delivery: WebhookDelivery): JobHandlers {
  const registry: JobRegistry<WebhookJobPayloads> = {
    'webhooks.deliver': async ({ deliveryId, trigger }, ctx) => {
      if (ctx.job.orgId) await delivery.attempt(ctx.job.orgId, deliveryId, trigger, ctx.signal);
    },
  };
  return jobHandlers(registry);
}

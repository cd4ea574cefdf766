import type { Store } from '../../../repositories/store.ts';
import { OutgoingAttemptRepository } from './attempt.repository.ts';
import { OutgoingDeliveryRepository } from './delivery.repository.ts';
import { WebhookEndpointRepository } from './endpoint.repository.ts';
import type { WebhookExecutor } from './webhook-tables.ts';

export interface WebhookRepos {
  endpoints: WebhookEndpointRepository;
  deliveries: OutgoingDeliveryRepository;
  attempts: OutgoingAttemptRepository;
}

/**
 * The outgoing webhooks' repositories bound to a store's executor (the pool, or the caller's
 * transaction), so they join `store.transaction` like the Store's own repositories.
 */
export function webhookRepos(store: Store): WebhookRepos {
  const db = store.executor as unknown as WebhookExecutor;
  return {
    endpoints: new WebhookEndpointRepository(db),
    deliveries: new OutgoingDeliveryRepository(db),
    attempts: new OutgoingAttemptRepository(db),
  };
}

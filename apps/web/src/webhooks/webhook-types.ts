/** Outgoing webhook shapes as the server sends them: the types live in packages/contracts. */
export type {
  WebhookAttempt,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '@preroll/contracts/webhooks';

/** One row of `GET /api/v1/webhook-events`. */
export interface WebhookEventInfo {
  type: string;
  description: string;
}

export const WEBHOOK_ENDPOINTS_KEY = ['webhook-endpoints'] as const;
export const deliveriesKey = (endpointId: string) => ['webhook-deliveries', endpointId] as const;

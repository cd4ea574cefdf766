import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES, webhookFormat } from '../webhooks.ts';
import { timestamp } from './envelope.ts';

/** Outgoing webhooks' answers (`WebhookEndpoint`, `WebhookDelivery` in contracts/webhooks.ts). */
export const webhookEventView = z.object({ type: z.enum(WEBHOOK_EVENT_TYPES), description: z.string() });

export const webhookEndpointView = z.object({
  id: z.uuid(),
  format: webhookFormat,
  /** Secret-looking parts hidden; the full URL is never shown again after creation. */
  url: z.string(),
  description: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  client_id: z.uuid().nullable(),
  include_internal: z.boolean(),
  status: z.enum(['active', 'disabled']),
  disabled_reason: z.string().nullable(),
  failing_since: timestamp.nullable(),
  previous_secret_expires_at: timestamp.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

/** Create and rotate answer the signing secret once. */
export const webhookEndpointWithSecretView = webhookEndpointView.extend({ secret: z.string() });

export const webhookDeliveryView = z.object({
  id: z.uuid(),
  message_id: z.string(),
  event_type: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  next_attempt_at: timestamp.nullable(),
  created_at: timestamp,
  attempt_log: z.array(
    z.object({
      attempted_at: timestamp,
      status_code: z.number().int().nullable(),
      duration_ms: z.number(),
      response_excerpt: z.string().nullable(),
      error: z.string().nullable(),
      trigger: z.enum(['event', 'retry', 'replay', 'test']),
    }),
  ),
});

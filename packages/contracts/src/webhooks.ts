import { z } from 'zod';
import { id, pageQuery, plainString, text } from './common.ts';
import { WEBHOOK_LIMITS } from './limits.ts';

/**
 * Outgoing webhooks (docs/webhooks.md). Every event type an endpoint may subscribe to, in the
 * order the Settings → Webhooks page lists them. `comment.completed` is reserved: comments have no
 * completed state in preroll yet, so it is accepted and never sent.
 */
export const WEBHOOK_EVENT_TYPES = [
  'version.created',
  'version.ready',
  'deliverable.status_changed',
  'comment.created',
  'comment.updated',
  'comment.completed',
  'comment.deleted',
  'frameio.send.finished',
  'frameio.send.failed',
  'frameio.review_link.created',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What each event means, in the words the Settings page shows. */
export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  'version.created': 'A version was uploaded',
  'version.ready': 'A version is ready to review',
  'deliverable.status_changed': 'A deliverable was submitted, approved or sent back',
  'comment.created': 'A comment was added',
  'comment.updated': 'A comment was edited, moved or re-scoped',
  'comment.completed': 'A comment was marked done (not sent yet: comments cannot be completed in preroll)',
  'comment.deleted': 'A comment was deleted',
  'frameio.send.finished': 'Send to Frame.io finished',
  'frameio.send.failed': 'Send to Frame.io failed',
  'frameio.review_link.created': 'A Frame.io review link was created',
};

/** The test event of the "Send test event" button; never subscribed to, sent to one endpoint. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

export const webhookFormat = z.enum(['standard', 'slack']);
const eventList = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((list) => new Set(list).size === list.length, { message: 'must not repeat an event' });

/** `POST /api/v1/webhook-endpoints` (admins). The URL is checked by the server (scheme, SSRF). */
export const createWebhookEndpointBody = z.strictObject({
  url: plainString().min(1).max(WEBHOOK_LIMITS.url),
  /** Default: `slack` for a hooks.slack.com URL, `standard` otherwise. */
  format: webhookFormat.optional(),
  description: text(WEBHOOK_LIMITS.description).optional(),
  events: eventList,
  /** Only events about this client's shows. */
  client_id: id.nullable().optional(),
  /** Internal (team-only) comments reach this endpoint only when true. */
  include_internal: z.boolean().optional(),
});
export type CreateWebhookEndpointBody = z.infer<typeof createWebhookEndpointBody>;

/** `PATCH /api/v1/webhook-endpoints/{id}`; `enabled: true` re-enables an endpoint disabled after failures. */
export const updateWebhookEndpointBody = z.strictObject({
  url: plainString().min(1).max(WEBHOOK_LIMITS.url).optional(),
  description: text(WEBHOOK_LIMITS.description).optional(),
  events: eventList.optional(),
  client_id: id.nullable().optional(),
  include_internal: z.boolean().optional(),
  enabled: z.boolean().optional(),
});
export type UpdateWebhookEndpointBody = z.infer<typeof updateWebhookEndpointBody>;

/** `POST /api/v1/webhook-endpoints/{id}/rotate-secret`: how long the previous secret keeps signing too. */
export const rotateWebhookSecretBody = z.strictObject({
  overlap_minutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .optional(),
});

/** `GET /api/v1/webhook-endpoints/{id}/deliveries`. */
export const webhookDeliveriesQuery = z.strictObject(pageQuery);

export interface WebhookEndpoint {
  id: string;
  format: 'standard' | 'slack';
  /** The URL with its secret-looking parts hidden; the full URL is never shown again after creation. */
  url: string;
  description: string;
  events: WebhookEventType[];
  client_id: string | null;
  include_internal: boolean;
  status: 'active' | 'disabled';
  disabled_reason: string | null;
  /** Set while every attempt fails; an endpoint failing for a day is disabled. */
  failing_since: string | null;
  /** Until when the previous secret still signs (after a rotation), or null. */
  previous_secret_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Create and rotate answer the signing secret once; it is never shown again. */
export interface WebhookEndpointWithSecret extends WebhookEndpoint {
  secret: string;
}

export interface WebhookAttempt {
  attempted_at: string;
  status_code: number | null;
  duration_ms: number;
  response_excerpt: string | null;
  error: string | null;
  trigger: 'event' | 'retry' | 'replay' | 'test';
}

/** One row of an endpoint's delivery log, newest first. */
export interface WebhookDelivery {
  id: string;
  message_id: string;
  event_type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  attempt_log: WebhookAttempt[];
}

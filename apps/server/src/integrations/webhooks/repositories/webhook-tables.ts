import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../db/schema.ts';

/**
 * The outgoing webhooks' tables (migrations in ../migrations). Not in the core's `Database`: the
 * core knows nothing of them. The repositories run on the core's executor (pool or transaction).
 */
export type WebhookFormat = 'standard' | 'slack';
export type WebhookEndpointStatus = 'active' | 'disabled';
export type OutgoingDeliveryStatus = 'pending' | 'delivered' | 'failed';
/** What started an attempt: the event itself (and its retries), a replay, or the test button. */
export type AttemptTrigger = 'event' | 'retry' | 'replay' | 'test';

export interface WebhookEndpointsTable {
  id: string;
  org_id: string;
  format: WebhookFormat;
  url_enc: string;
  url_display: string;
  description: string;
  events_json: string;
  client_id: string | null;
  include_internal: number;
  secret_enc: string;
  previous_secret_enc: string | null;
  previous_secret_expires_at: string | null;
  status: WebhookEndpointStatus;
  disabled_reason: string | null;
  /** Set by the first failed attempt after a success; cleared by any success. */
  failing_since: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface OutgoingWebhookDeliveriesTable {
  id: string;
  org_id: string;
  endpoint_id: string;
  message_id: string;
  event_type: string;
  payload_json: string;
  status: OutgoingDeliveryStatus;
  attempts: number;
  first_attempt_at: string | null;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface OutgoingWebhookAttemptsTable {
  id: string;
  org_id: string;
  delivery_id: string;
  attempted_at: string;
  status_code: number | null;
  duration_ms: number;
  response_excerpt: string | null;
  error: string | null;
  trigger: AttemptTrigger;
}

export interface WebhookTables {
  webhook_endpoints: WebhookEndpointsTable;
  outgoing_webhook_deliveries: OutgoingWebhookDeliveriesTable;
  outgoing_webhook_attempts: OutgoingWebhookAttemptsTable;
}

export type WebhookDatabase = Database & WebhookTables;

export type WebhookExecutor = Kysely<WebhookDatabase> | Transaction<WebhookDatabase>;

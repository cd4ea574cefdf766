import type {
  WebhookAttempt,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEventType,
} from '@preroll/contracts/webhooks';
import type { OutgoingAttemptRow } from './repositories/attempt.repository.ts';
import type { OutgoingDeliveryRow } from './repositories/delivery.repository.ts';
import type { WebhookEndpointRow } from './repositories/endpoint.repository.ts';

/**
 * An endpoint URL as the API shows it after creation: scheme, host, port and first path segment,
 * then `…` and the last 4 characters. Endpoint URLs are often capabilities (a Slack incoming
 * webhook's path is its secret), so the full URL is sealed and never shown again.
 */
export function displayUrl(url: URL): string {
  const segments = url.pathname.split('/').filter(Boolean);
  const rest = segments.slice(1).join('/');
  const tail = rest ? `/…${rest.slice(-4)}` : '';
  return `${url.origin}${segments[0] ? `/${segments[0]}` : ''}${tail}${url.search ? '?…' : ''}`;
}

export function presentEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    format: row.format,
    url: row.url_display,
    description: row.description,
    events: JSON.parse(row.events_json) as WebhookEventType[],
    client_id: row.client_id,
    include_internal: row.include_internal === 1,
    status: row.status,
    disabled_reason: row.disabled_reason,
    failing_since: row.failing_since,
    previous_secret_expires_at: row.previous_secret_expires_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function presentAttempt(row: OutgoingAttemptRow): WebhookAttempt {
  return {
    attempted_at: row.attempted_at,
    status_code: row.status_code,
    duration_ms: row.duration_ms,
    response_excerpt: row.response_excerpt,
    error: row.error,
    trigger: row.trigger,
  };
}

export function presentDelivery(row: OutgoingDeliveryRow, attempts: OutgoingAttemptRow[]): WebhookDelivery {
  return {
    id: row.id,
    message_id: row.message_id,
    event_type: row.event_type,
    status: row.status,
    attempts: row.attempts,
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    next_attempt_at: row.next_attempt_at,
    created_at: row.created_at,
    attempt_log: attempts.filter((a) => a.delivery_id === row.id).map(presentAttempt),
  };
}

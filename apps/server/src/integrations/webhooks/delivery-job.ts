import { enqueue } from '../../jobs/job-queue.ts';
import { newId } from '../../lib/ids.ts';
import type { Store } from '../../repositories/store.ts';
import type { ServiceDeps } from '../../services/service-deps.ts';
import type { OutgoingDeliveryRow } from './repositories/delivery.repository.ts';
import type { WebhookEndpointRow } from './repositories/endpoint.repository.ts';
import { webhookRepos } from './repositories/webhook-repos.ts';
import type { OutgoingRequest, SendResult, WebhookSender } from './repositories/webhook-sender.ts';
import type { AttemptTrigger } from './repositories/webhook-tables.ts';
import { DISABLE_AFTER_FAILING_MS, nextAttemptAt } from './retry-schedule.ts';
import { signedHeaders } from './signing.ts';
import { slackMessage } from './slack-message.ts';

export interface WebhookDeliveryDeps extends ServiceDeps {
  sender: WebhookSender;
}

type Outcome = { disabled: false } | { disabled: true; endpoint: WebhookEndpointRow; lastFailure: string };

/**
 * The `webhooks.deliver` job (docs/webhooks.md, "Retries"): one HTTP attempt of one delivery, then,
 * in one transaction, its row in the delivery log, the delivery's new state and, after a failure,
 * the job of the next attempt (exponential backoff for a day, retry-schedule.ts). An endpoint whose
 * every attempt has failed for a day is disabled, its waiting deliveries fail, and its
 * organization's owners and admins get an email. Delivery is at least once: a crash after the POST
 * and before the record sends the same message again (same `webhook-id`, which receivers dedupe on).
 */
export class WebhookDelivery {
  constructor(private readonly deps: WebhookDeliveryDeps) {}

  async attempt(orgId: string, deliveryId: string, trigger: AttemptTrigger, signal?: AbortSignal) {
    const repos = webhookRepos(this.deps.store);
    const delivery = await repos.deliveries.findById(orgId, deliveryId);
    if (delivery?.status !== 'pending') return;
    const endpoint = await repos.endpoints.findById(orgId, delivery.endpoint_id);
    if (!endpoint) return;
    const manual = trigger === 'test' || trigger === 'replay';
    if (endpoint.status === 'disabled' && !manual) {
      await repos.deliveries.update(orgId, deliveryId, {
        status: 'failed',
        next_attempt_at: null,
        last_error: 'The endpoint is disabled',
        updated_at: this.deps.clock.now().toISOString(),
      });
      return;
    }
    const at = this.deps.clock.now();
    const result = await this.deps.sender.send({ ...this.requestFor(endpoint, delivery, at), signal });
    const outcome = await this.deps.store.transaction((tx) =>
      this.record(tx, endpoint, delivery, trigger, result, at),
    );
    this.observe(endpoint, delivery, result);
    if (outcome.disabled) await this.tellAdmins(outcome.endpoint, outcome.lastFailure);
  }

  /** The HTTP request: the signed Standard Webhooks message, or a Slack message. */
  requestFor(endpoint: WebhookEndpointRow, delivery: OutgoingDeliveryRow, at: Date): OutgoingRequest {
    const url = this.deps.secretBox.open(endpoint.url_enc);
    if (endpoint.format === 'slack') {
      return { url, headers: {}, body: JSON.stringify(slackMessage(JSON.parse(delivery.payload_json))) };
    }
    const secrets = [this.deps.secretBox.open(endpoint.secret_enc)];
    if (
      endpoint.previous_secret_enc &&
      endpoint.previous_secret_expires_at &&
      endpoint.previous_secret_expires_at > at.toISOString()
    )
      secrets.push(this.deps.secretBox.open(endpoint.previous_secret_enc));
    return {
      url,
      headers: signedHeaders(secrets, delivery.message_id, at, delivery.payload_json),
      body: delivery.payload_json,
    };
  }

  private async record(
    tx: Store,
    endpoint: WebhookEndpointRow,
    delivery: OutgoingDeliveryRow,
    trigger: AttemptTrigger,
    result: SendResult,
    at: Date,
  ): Promise<Outcome> {
    const repos = webhookRepos(tx);
    const now = this.deps.clock.now();
    const nowIso = now.toISOString();
    const ok = result.kind === 'response' && result.statusCode >= 200 && result.statusCode < 300;
    const failure = ok ? null : failureText(result);
    await repos.attempts.insert({
      id: newId(),
      org_id: delivery.org_id,
      delivery_id: delivery.id,
      attempted_at: at.toISOString(),
      status_code: result.kind === 'response' ? result.statusCode : null,
      duration_ms: result.durationMs,
      response_excerpt: result.kind === 'response' ? result.excerpt || null : null,
      error: result.kind === 'no_response' ? result.error : null,
      trigger,
    });
    const attempts = delivery.attempts + 1;
    const firstAttemptAt = delivery.first_attempt_at ?? at.toISOString();
    const common = {
      attempts,
      first_attempt_at: firstAttemptAt,
      last_attempt_at: at.toISOString(),
      last_status_code: result.kind === 'response' ? result.statusCode : null,
      last_error: failure,
      updated_at: nowIso,
    };
    // The test event says whether the endpoint works now; it neither retries nor counts toward disabling.
    const counts = trigger !== 'test';
    if (ok) {
      await repos.deliveries.update(delivery.org_id, delivery.id, {
        ...common,
        status: 'delivered',
        next_attempt_at: null,
      });
      if (counts) await repos.endpoints.update(endpoint.org_id, endpoint.id, { failing_since: null });
      return { disabled: false };
    }
    // A refused address will be refused again: no retry, whatever the schedule says.
    const refused = result.kind === 'no_response' && result.refused;
    const next = counts && !refused ? nextAttemptAt(new Date(firstAttemptAt), now, attempts) : null;
    await repos.deliveries.update(delivery.org_id, delivery.id, {
      ...common,
      status: next ? 'pending' : 'failed',
      next_attempt_at: next ? next.toISOString() : null,
      ...(next || !counts || refused ? {} : { last_error: `${failure}; gave up after a day of retries` }),
    });
    if (next) {
      await enqueue(
        tx,
        {
          type: 'webhooks.deliver',
          payload: { deliveryId: delivery.id, trigger: 'retry' },
          orgId: delivery.org_id,
          idempotencyKey: `webhooks.deliver:${delivery.id}:${firstAttemptAt}:${attempts}`,
          runAt: next,
        },
        this.deps.clock,
      );
    }
    if (!counts) return { disabled: false };
    await repos.endpoints.markFailing(endpoint.org_id, endpoint.id, at.toISOString());
    const fresh = await repos.endpoints.findById(endpoint.org_id, endpoint.id);
    const failingFor = fresh?.failing_since ? now.getTime() - Date.parse(fresh.failing_since) : 0;
    if (!fresh || failingFor < DISABLE_AFTER_FAILING_MS) return { disabled: false };
    const reason = `Every attempt failed for a day (last: ${failure})`;
    if (!(await repos.endpoints.disableIfActive(endpoint.org_id, endpoint.id, reason, nowIso)))
      return { disabled: false };
    await repos.deliveries.failPendingForEndpoint(
      endpoint.org_id,
      endpoint.id,
      'The endpoint was disabled',
      nowIso,
    );
    return { disabled: true, endpoint: fresh, lastFailure: failure ?? 'unknown' };
  }

  private observe(endpoint: WebhookEndpointRow, delivery: OutgoingDeliveryRow, result: SendResult): void {
    const ok = result.kind === 'response' && result.statusCode >= 200 && result.statusCode < 300;
    const refused = result.kind === 'no_response' && result.refused;
    const metrics = this.deps.metrics;
    metrics.outgoingWebhookAttempts.inc({
      format: endpoint.format,
      outcome: ok ? 'delivered' : refused ? 'refused' : 'failed',
    });
    if (ok && delivery.event_type !== 'webhook.test') {
      const lagMs = this.deps.clock.now().getTime() - Date.parse(delivery.created_at);
      metrics.outgoingWebhookLag.observe({ format: endpoint.format }, Math.max(0, lagMs) / 1000);
    }
  }

  /** The email to the organization's owners and admins when an endpoint is disabled. */
  private async tellAdmins(endpoint: WebhookEndpointRow, lastFailure: string): Promise<void> {
    const members = await this.deps.store.memberships.listForOrg(endpoint.org_id);
    const settings = `${this.deps.config.publicUrl}/settings/webhooks`;
    const name = endpoint.description
      ? `"${endpoint.description}" (${endpoint.url_display})`
      : endpoint.url_display;
    for (const m of members.filter((m) => m.role === 'owner' || m.role === 'admin')) {
      await this.deps.mailer.send({
        orgId: endpoint.org_id,
        to: m.email,
        subject: 'preroll disabled a webhook endpoint',
        text: [
          `Hello ${m.name},`,
          '',
          `preroll stopped sending webhooks to ${name}: every delivery attempt failed for a day.`,
          `The last attempt: ${lastFailure}.`,
          '',
          `Once the endpoint answers again, re-enable it (and replay what it missed) in Settings → Webhooks: ${settings}`,
        ].join('\n'),
      });
    }
  }
}

function failureText(result: SendResult): string {
  return result.kind === 'response' ? `HTTP ${result.statusCode}` : result.error;
}

import type {
  CreateWebhookEndpointBody,
  UpdateWebhookEndpointBody,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '@preroll/contracts/webhooks';
import { enqueue } from '../../jobs/job-queue.ts';
import { type Actor, requireRole } from '../../lib/actor.ts';
import { badRequest, conflict, notFound, unprocessable } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, encodeCursor } from '../../lib/pagination.ts';
import type { Store } from '../../repositories/store.ts';
import type { WebhookDeliveryDeps } from './delivery-job.ts';
import { displayUrl, presentDelivery, presentEndpoint } from './endpoint-presenter.ts';
import type { WebhookPublisher } from './publisher.ts';
import type { WebhookEndpointRow } from './repositories/endpoint.repository.ts';
import { type WebhookTargetGuard, WebhookTargetRefusedError } from './repositories/target-guard.ts';
import { webhookRepos } from './repositories/webhook-repos.ts';
import { newMessageId, newSigningSecret } from './signing.ts';
import type { WebhookPayloads } from './webhook-payloads.ts';

/** How long the previous secret keeps signing after a rotation, unless the admin says otherwise. */
export const DEFAULT_ROTATION_OVERLAP_MINUTES = 24 * 60;

/**
 * Settings → Webhooks and `/api/v1/webhook-endpoints` (docs/webhooks.md): admins register, change,
 * test and remove endpoints, rotate secrets and replay deliveries. Every URL is checked before it
 * is saved (http(s), no credentials, an address the SSRF guard allows); the URL and the secret are
 * sealed, and the secret is shown only in the answers to create and rotate.
 */
export class WebhookEndpointService {
  constructor(
    private readonly deps: WebhookDeliveryDeps,
    private readonly guard: WebhookTargetGuard,
    private readonly publisher: WebhookPublisher,
    private readonly payloads: WebhookPayloads,
  ) {}

  async list(actor: Actor): Promise<WebhookEndpoint[]> {
    const admin = requireRole(actor, 'admin');
    return (await webhookRepos(this.deps.store).endpoints.listForOrg(admin.orgId)).map(presentEndpoint);
  }

  async get(actor: Actor, id: string): Promise<WebhookEndpoint> {
    const admin = requireRole(actor, 'admin');
    return presentEndpoint(await this.endpoint(this.deps.store, admin.orgId, id));
  }

  async create(actor: Actor, body: CreateWebhookEndpointBody): Promise<WebhookEndpointWithSecret> {
    const admin = requireRole(actor, 'admin');
    await this.checkClient(admin.orgId, body.client_id ?? null);
    const url = await this.checkedUrl(body.url);
    const secret = newSigningSecret();
    const now = this.deps.clock.now().toISOString();
    const row: WebhookEndpointRow = {
      id: newId(),
      org_id: admin.orgId,
      format: body.format ?? (url.hostname === 'hooks.slack.com' ? 'slack' : 'standard'),
      url_enc: this.deps.secretBox.seal(url.toString()),
      url_display: displayUrl(url),
      description: body.description?.trim() ?? '',
      events_json: JSON.stringify(body.events),
      client_id: body.client_id ?? null,
      include_internal: body.include_internal ? 1 : 0,
      secret_enc: this.deps.secretBox.seal(secret),
      previous_secret_enc: null,
      previous_secret_expires_at: null,
      status: 'active',
      disabled_reason: null,
      failing_since: null,
      created_by: admin.userId,
      created_at: now,
      updated_at: now,
    };
    await webhookRepos(this.deps.store).endpoints.insert(row);
    return { ...presentEndpoint(row), secret };
  }

  async update(actor: Actor, id: string, body: UpdateWebhookEndpointBody): Promise<WebhookEndpoint> {
    const admin = requireRole(actor, 'admin');
    if (body.client_id !== undefined) await this.checkClient(admin.orgId, body.client_id);
    const url = body.url === undefined ? undefined : await this.checkedUrl(body.url);
    return this.deps.store.transaction(async (tx) => {
      const repos = webhookRepos(tx);
      const current = await this.endpoint(tx, admin.orgId, id);
      const now = this.deps.clock.now().toISOString();
      const enable = body.enabled === true && current.status === 'disabled';
      await repos.endpoints.update(admin.orgId, id, {
        ...(url ? { url_enc: this.deps.secretBox.seal(url.toString()), url_display: displayUrl(url) } : {}),
        ...(body.description !== undefined ? { description: body.description.trim() } : {}),
        ...(body.events ? { events_json: JSON.stringify(body.events) } : {}),
        ...(body.client_id !== undefined ? { client_id: body.client_id } : {}),
        ...(body.include_internal !== undefined ? { include_internal: body.include_internal ? 1 : 0 } : {}),
        // Re-enabling starts a fresh streak: the day of failures counts from the next failure.
        ...(enable ? { status: 'active', disabled_reason: null, failing_since: null } : {}),
        ...(body.enabled === false && current.status === 'active'
          ? { status: 'disabled', disabled_reason: 'Turned off by an admin' }
          : {}),
        updated_at: now,
      });
      return presentEndpoint(await this.endpoint(tx, admin.orgId, id));
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const admin = requireRole(actor, 'admin');
    if (!(await webhookRepos(this.deps.store).endpoints.delete(admin.orgId, id)))
      throw notFound('Webhook endpoint');
  }

  /**
   * A new secret signs from now on; the previous one keeps signing too for `overlapMinutes`
   * (both signatures in `webhook-signature`), so receivers can switch without losing a message.
   */
  async rotateSecret(actor: Actor, id: string, overlapMinutes?: number): Promise<WebhookEndpointWithSecret> {
    const admin = requireRole(actor, 'admin');
    const secret = newSigningSecret();
    const overlapMs = (overlapMinutes ?? DEFAULT_ROTATION_OVERLAP_MINUTES) * 60_000;
    const endpoint = await this.deps.store.transaction(async (tx) => {
      const current = await this.endpoint(tx, admin.orgId, id);
      const now = this.deps.clock.now();
      await webhookRepos(tx).endpoints.update(admin.orgId, id, {
        secret_enc: this.deps.secretBox.seal(secret),
        previous_secret_enc: overlapMs > 0 ? current.secret_enc : null,
        previous_secret_expires_at: overlapMs > 0 ? new Date(now.getTime() + overlapMs).toISOString() : null,
        updated_at: now.toISOString(),
      });
      return this.endpoint(tx, admin.orgId, id);
    });
    return { ...presentEndpoint(endpoint), secret };
  }

  /** The "Send test event" button: one `webhook.test` delivery to this endpoint, whatever it subscribes to. */
  async sendTest(actor: Actor, id: string): Promise<WebhookDelivery> {
    const admin = requireRole(actor, 'admin');
    const row = await this.deps.store.transaction(async (tx) => {
      const endpoint = await this.endpoint(tx, admin.orgId, id);
      const event = this.payloads.test(endpoint.id);
      const payload = this.publisher.payloadOf(event);
      return this.publisher.queue(tx, endpoint, newMessageId(newId()), event.type, payload, 'test');
    });
    return presentDelivery(row, []);
  }

  /** The delivery log, newest first, each delivery with its attempts. */
  async deliveries(actor: Actor, id: string, page: { limit: number; cursor?: string | undefined }) {
    const admin = requireRole(actor, 'admin');
    const repos = webhookRepos(this.deps.store);
    await this.endpoint(this.deps.store, admin.orgId, id);
    const rows = await repos.deliveries.listForEndpoint(admin.orgId, id, {
      limit: page.limit,
      before: decodeCursor(page.cursor),
    });
    const items = rows.slice(0, page.limit);
    const attempts = await repos.attempts.listForDeliveries(
      admin.orgId,
      items.map((d) => d.id),
    );
    const last = items.at(-1);
    return {
      items: items.map((d) => presentDelivery(d, attempts)),
      nextCursor: rows.length > page.limit && last ? encodeCursor(last.id) : null,
    };
  }

  /** Sends a finished delivery again (same message id and payload), now, with a fresh day of retries. */
  async replay(actor: Actor, deliveryId: string): Promise<WebhookDelivery> {
    const admin = requireRole(actor, 'admin');
    const row = await this.deps.store.transaction(async (tx) => {
      const repos = webhookRepos(tx);
      const delivery = await repos.deliveries.findById(admin.orgId, deliveryId);
      if (!delivery) throw notFound('Webhook delivery');
      if (delivery.status === 'pending') {
        throw conflict(
          'webhook_delivery_pending',
          'This delivery is still being tried; replay it once it has been delivered or has failed.',
        );
      }
      const now = this.deps.clock.now().toISOString();
      const patch = {
        status: 'pending' as const,
        first_attempt_at: null,
        next_attempt_at: now,
        last_error: null,
        updated_at: now,
      };
      await repos.deliveries.update(admin.orgId, delivery.id, patch);
      await enqueue(
        tx,
        {
          type: 'webhooks.deliver',
          payload: { deliveryId: delivery.id, trigger: 'replay' },
          orgId: admin.orgId,
          idempotencyKey: `webhooks.deliver:${delivery.id}:replay:${now}`,
        },
        this.deps.clock,
      );
      return { ...delivery, ...patch };
    });
    return presentDelivery(row, []);
  }

  private async endpoint(store: Store, orgId: string, id: string): Promise<WebhookEndpointRow> {
    const row = await webhookRepos(store).endpoints.findById(orgId, id);
    if (!row) throw notFound('Webhook endpoint');
    return row;
  }

  private async checkClient(orgId: string, clientId: string | null): Promise<void> {
    if (clientId && !(await this.deps.store.clients.findById(orgId, clientId))) throw notFound('Client');
  }

  private async checkedUrl(raw: string): Promise<URL> {
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      throw badRequest('invalid_url', 'url: must be an absolute http:// or https:// URL', { field: 'url' });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw badRequest('invalid_url', 'url: must be an absolute http:// or https:// URL', { field: 'url' });
    if (url.username || url.password)
      throw badRequest('invalid_url', 'url: must not contain a user name or password', { field: 'url' });
    url.hash = '';
    try {
      await this.guard.checkHost(url.hostname);
    } catch (err) {
      if (err instanceof WebhookTargetRefusedError)
        throw unprocessable('webhook_url_not_allowed', `url: ${err.message}`, { field: 'url' });
      throw unprocessable('webhook_url_unresolvable', `url: ${url.hostname} does not resolve`, {
        field: 'url',
      });
    }
    return url;
  }
}

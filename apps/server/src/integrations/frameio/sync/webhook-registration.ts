import type { FrameioWebhookStatus } from '@preroll/contracts/frameio-sync';
import type { FrameioClient, WebhookEvent } from '@preroll/frameio';
import { type Actor, requireMember, requireRole } from '../../../lib/actor.ts';
import { newId } from '../../../lib/ids.ts';
import type { FrameioAccess } from '../connection/connection-access.ts';
import type { FrameioDeps } from '../frameio-deps.ts';
import { frameioRepos } from '../repositories/frameio-repos.ts';

/** Exactly this path, outside /api/v1 (docs/frameio.md, "Receiver"): it is registered at Frame.io. */
export const FRAMEIO_WEBHOOK_PATH = '/api/integrations/frameio/webhooks';

/** What preroll listens to (docs/frameio-api-notes.md, "Webhooks: events"). */
export const WEBHOOK_EVENTS: WebhookEvent[] = [
  'comment.created',
  'comment.updated',
  'comment.deleted',
  'comment.completed',
  'comment.uncompleted',
  'file.upload.completed',
  'file.ready',
  'file.versioned',
  'metadata.value.updated',
];

/**
 * preroll's one webhook in the organization's Frame.io workspace: registered when the workspace
 * is picked, re-created from Settings, removed on disconnect. Its secret is sealed (SecretBox) in
 * the row that records it; Frame.io shows a secret only once, at creation.
 */
export class FrameioWebhooks {
  constructor(
    private readonly deps: FrameioDeps,
    private readonly access: FrameioAccess,
  ) {}

  get url(): string {
    return `${this.deps.config.publicUrl}${FRAMEIO_WEBHOOK_PATH}`;
  }

  /** `GET /api/v1/integrations/frameio/webhook` */
  async statusFor(actor: Actor): Promise<FrameioWebhookStatus> {
    const member = requireMember(actor);
    return this.status(member.orgId);
  }

  /** Settings → "Re-create webhook" (admin). */
  async recreate(actor: Actor): Promise<FrameioWebhookStatus> {
    const admin = requireRole(actor, 'admin');
    await this.register(admin.orgId);
    return this.status(admin.orgId);
  }

  async status(orgId: string): Promise<FrameioWebhookStatus> {
    const row = await frameioRepos(this.deps.store).webhooks.findByOrg(orgId);
    return row
      ? { status: 'active', url: row.url, created_at: row.created_at }
      : { status: 'missing', url: null, created_at: null };
  }

  /**
   * Creates the workspace webhook (replacing ours if one exists: the old secret cannot be read
   * back). The secret is sealed in the same statement that records the webhook.
   */
  async register(orgId: string): Promise<void> {
    await this.access.withConnection(orgId, async (client, conn) => {
      const accountId = conn.accountId!;
      const workspaceId = conn.workspaceId!;
      const existing = await frameioRepos(this.deps.store).webhooks.findByOrg(orgId);
      if (existing) {
        await client.webhooks.delete(existing.account_id, existing.remote_id).catch(() => undefined);
      }
      const created = await client.webhooks.create(accountId, workspaceId, {
        name: 'preroll',
        url: this.url,
        events: WEBHOOK_EVENTS,
      });
      const now = this.deps.clock.now().toISOString();
      await frameioRepos(this.deps.store).webhooks.upsert({
        id: existing?.id ?? newId(),
        org_id: orgId,
        account_id: accountId,
        workspace_id: workspaceId,
        remote_id: created.id,
        secret_enc: this.deps.secretBox.seal(created.secret),
        url: this.url,
        events_json: JSON.stringify(WEBHOOK_EVENTS),
        created_at: existing?.created_at ?? now,
        updated_at: now,
      });
    });
  }

  /** On disconnect: delete the remote webhook (404 = gone) and forget the secret. */
  async unregister(ctx: { orgId: string; client: FrameioClient }): Promise<string[]> {
    const repo = frameioRepos(this.deps.store).webhooks;
    const row = await repo.findByOrg(ctx.orgId);
    if (!row) return [];
    const warnings: string[] = [];
    try {
      await ctx.client.webhooks.delete(row.account_id, row.remote_id);
    } catch (err) {
      if ((err as { status?: number }).status !== 404)
        warnings.push(`Could not delete the Frame.io webhook: ${(err as Error).message}`);
    }
    await repo.delete(ctx.orgId);
    return warnings;
  }
}

import type { FrameioWebhookStatus } from '@preroll/contracts/frameio-sync';
import { type FrameioClient, FrameioPermissionError, type WebhookEvent } from '@preroll/frameio';
import { type Actor, requireMember, requireRole } from '../../../lib/actor.ts';
import { conflict } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import type { FrameioAccess } from '../connection/connection-access.ts';
import { connectionErrorIn } from '../connection/connection-errors.ts';
import { describeWebhookProblem, WEBHOOK_PROBLEM } from '../connection/webhook-problems.ts';
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

  /**
   * Settings → "Re-create webhook" (admin). When Frame.io refuses because the connected user is
   * not an account admin, the answer says so (409 frameio_webhook_needs_admin) and the card keeps
   * saying it; the webhook preroll had, if any, keeps working.
   */
  async recreate(actor: Actor): Promise<FrameioWebhookStatus> {
    const admin = requireRole(actor, 'admin');
    try {
      await this.register(admin.orgId);
    } catch (err) {
      if (!(err instanceof FrameioPermissionError)) throw err;
      const row = await frameioRepos(this.deps.store).connections.findByOrg(admin.orgId);
      const problem = row ? describeWebhookProblem(row) : null;
      throw conflict(WEBHOOK_PROBLEM.needsAdmin, problem?.message ?? err.message);
    }
    return this.status(admin.orgId);
  }

  async status(orgId: string): Promise<FrameioWebhookStatus> {
    const repos = frameioRepos(this.deps.store);
    const row = await repos.webhooks.findByOrg(orgId);
    const conn = await repos.connections.findByOrg(orgId);
    const problem = conn ? describeWebhookProblem(conn) : null;
    return row
      ? { status: 'active', url: row.url, created_at: row.created_at, problem }
      : { status: 'missing', url: null, created_at: null, problem };
  }

  /** After a reconnect that kept the workspace: register the webhook if preroll has none (best effort). */
  async ensureRegistered(orgId: string): Promise<void> {
    if (await frameioRepos(this.deps.store).webhooks.findByOrg(orgId)) return;
    await this.register(orgId).catch(() => undefined); // the card shows why (webhook_problem)
  }

  /**
   * Creates the workspace webhook, then deletes the one it replaces (its secret cannot be read
   * back, so re-creating means a new one). In that order, so a refused create (403: only account
   * admins may create webhooks) leaves the working one in place. The outcome is recorded on the
   * connection for the card; the secret is sealed in the statement that records the webhook.
   */
  async register(orgId: string): Promise<void> {
    await this.access.withConnection(orgId, async (client, conn) => {
      const accountId = conn.accountId!;
      const workspaceId = conn.workspaceId!;
      const repos = frameioRepos(this.deps.store);
      const existing = await repos.webhooks.findByOrg(orgId);
      let created: Awaited<ReturnType<FrameioClient['webhooks']['create']>>;
      try {
        created = await client.webhooks.create(accountId, workspaceId, {
          name: 'preroll',
          url: this.url,
          events: WEBHOOK_EVENTS,
        });
      } catch (err) {
        if (connectionErrorIn(err)) throw err; // the card shows the connection's own state
        const code =
          err instanceof FrameioPermissionError ? WEBHOOK_PROBLEM.needsAdmin : WEBHOOK_PROBLEM.failed;
        await repos.connections.setWebhookProblem(orgId, code, this.deps.clock.now().toISOString());
        throw err;
      }
      if (existing) {
        await client.webhooks.delete(existing.account_id, existing.remote_id).catch(() => undefined);
      }
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
      await repos.connections.setWebhookProblem(orgId, null, now);
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

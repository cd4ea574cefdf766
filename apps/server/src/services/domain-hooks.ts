import type { PortalReviewLink } from '@preroll/contracts/portal';
import type { DeliverableStatus } from '../db/schema.ts';
import type { CommentRow } from '../repositories/comment.repository.ts';
import type { Store } from '../repositories/store.ts';

export type CommentChange = 'created' | 'updated' | 'deleted';

/**
 * What the core announces for integrations to react to (today Frame.io; tomorrow outgoing
 * webhooks or Slack), without the core importing any of them: an integration hands its hooks to
 * the composition root (`server.ts`), which registers them here.
 *
 * Announcements run INSIDE the transaction of the change they announce, so whatever an
 * integration records or enqueues through `tx` commits or rolls back with it. They must not call
 * out (no HTTP, no long work): enqueue a job instead. Queries (`portalReviewLinks`) add to what the
 * core presents. Changes an integration itself writes (a Frame.io reviewer's comment, a status set
 * in Frame.io) are not announced back to it.
 */
export interface DomainHooks {
  /** A person created, edited, moved, re-scoped or deleted a comment in preroll. */
  commentChanged?(tx: Store, comment: CommentRow, change: CommentChange): Promise<void>;
  /** A deliverable was created in an episode. */
  deliverableCreated?(
    tx: Store,
    deliverable: { orgId: string; id: string; episodeId: string },
  ): Promise<void>;
  /** A person moved a deliverable through its lifecycle in preroll. */
  deliverableStatusChanged?(
    tx: Store,
    change: { orgId: string; deliverableId: string; from: DeliverableStatus; to: DeliverableStatus },
  ): Promise<void>;
  /** A show's or an episode's title changed. */
  titleChanged?(tx: Store, subject: { orgId: string; type: 'show' | 'episode'; id: string }): Promise<void>;
  /** Review links for the client portal's list of these deliverables, this client's only. */
  portalReviewLinks?(
    store: Store,
    query: { orgId: string; clientId: string; deliverableIds: string[] },
  ): Promise<Map<string, PortalReviewLink[]>>;
}

/**
 * The hooks of every registered integration, called in registration order. Services hold this
 * (through ServiceDeps) from the start; integrations register once the core exists, because they
 * build on its services (the composition root's order: core, then integrations).
 */
export class DomainHookRegistry {
  private readonly registered: DomainHooks[] = [];

  register(hooks: DomainHooks): void {
    this.registered.push(hooks);
  }

  async commentChanged(tx: Store, comment: CommentRow, change: CommentChange): Promise<void> {
    for (const h of this.registered) await h.commentChanged?.(tx, comment, change);
  }

  async deliverableCreated(
    tx: Store,
    deliverable: { orgId: string; id: string; episodeId: string },
  ): Promise<void> {
    for (const h of this.registered) await h.deliverableCreated?.(tx, deliverable);
  }

  async deliverableStatusChanged(
    tx: Store,
    change: { orgId: string; deliverableId: string; from: DeliverableStatus; to: DeliverableStatus },
  ): Promise<void> {
    for (const h of this.registered) await h.deliverableStatusChanged?.(tx, change);
  }

  async titleChanged(tx: Store, subject: { orgId: string; type: 'show' | 'episode'; id: string }) {
    for (const h of this.registered) await h.titleChanged?.(tx, subject);
  }

  async portalReviewLinks(
    store: Store,
    query: { orgId: string; clientId: string; deliverableIds: string[] },
  ): Promise<Map<string, PortalReviewLink[]>> {
    const merged = new Map<string, PortalReviewLink[]>();
    for (const h of this.registered) {
      const links = await h.portalReviewLinks?.(store, query);
      for (const [deliverableId, list] of links ?? [])
        merged.set(deliverableId, [...(merged.get(deliverableId) ?? []), ...list]);
    }
    return merged;
  }
}

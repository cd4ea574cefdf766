import type { PortalReviewLink } from '@preroll/contracts/portal';
import type { DeliverableStatus } from '../db/schema.ts';
import type { CommentRow } from '../repositories/comment.repository.ts';
import type { Store } from '../repositories/store.ts';
import type { VersionRow } from '../repositories/version.repository.ts';

export type CommentChange = 'created' | 'updated' | 'deleted';

/** Who caused an announced change: a member, a client contact, or someone outside preroll. */
export interface ChangeActor {
  type: 'user' | 'portal_user' | 'external';
  /** The member's or contact's id; null for an external author. */
  id: string | null;
  name: string;
}

/** A deliverable's status change: by a person in preroll, or applied from an integration. */
export interface StatusChange {
  orgId: string;
  deliverableId: string;
  from: DeliverableStatus;
  to: DeliverableStatus;
  /** Who took the step (listeners that tell people, such as notifications, name them). */
  actor?: ChangeActor;
  /** The note sent with a revision request, if any. */
  note?: string | null;
}

/** An integration made a review link for a version (Frame.io: after Send to Frame.io). */
export interface ReviewLinkAnnouncement {
  orgId: string;
  versionId: string;
  deliverableId: string;
  provider: 'frameio';
  url: string;
  expiresAt: string | null;
}

/** An integration finished sending a version's file elsewhere, or gave up (Send to Frame.io). */
export interface ExternalUploadAnnouncement {
  orgId: string;
  versionId: string;
  provider: 'frameio';
  outcome: 'finished' | 'failed';
  /** Why it failed, in words a person acts on; null when it finished. */
  error: { code: string; message: string } | null;
  /** The member who pressed Send (or Retry), when the integration knows; null otherwise. */
  requestedBy?: string | null;
}

/** The media pipeline gave up on a version: its analysis (the version is `failed`) or its proxy. */
export interface VersionFailure {
  version: VersionRow;
  stage: 'analysis' | 'proxy';
  /** What went wrong, in words a person reads (never tool output or server paths). */
  message: string;
  /** Names the failed run: the same run announcing twice (a retried job) carries the same key. */
  attemptKey: string;
}

/**
 * What the core announces for integrations to react to (today Frame.io; tomorrow outgoing
 * webhooks or Slack), without the core importing any of them: an integration hands its hooks to
 * the composition root (`server.ts`), which registers them here.
 *
 * Announcements run INSIDE the transaction of the change they announce, so whatever an
 * integration records or enqueues through `tx` commits or rolls back with it. They must not call
 * out (no HTTP, no long work): enqueue a job instead. Queries (`portalReviewLinks`) add to what the
 * core presents. Changes an integration itself writes (a Frame.io reviewer's comment, a status set
 * in Frame.io) are not announced back to it through `commentChanged` / `deliverableStatusChanged`;
 * listeners that write nothing back (outgoing webhooks) hear them through the `external…` hooks.
 * Integrations announce what happens on their side (a review link, a finished Send) through the
 * same registry, so another integration hears of it without importing the one it came from.
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
  deliverableStatusChanged?(tx: Store, change: StatusChange): Promise<void>;
  /** A version row was created for an uploaded file (before its analysis). */
  versionCreated?(tx: Store, version: VersionRow): Promise<void>;
  /** A version's analysis finished and it is ready to review. */
  versionReady?(tx: Store, version: VersionRow): Promise<void>;
  /** A version's analysis or playback proxy failed (announced once per failed run). */
  versionFailed?(tx: Store, failure: VersionFailure): Promise<void>;
  /**
   * A comment written outside preroll was stored, edited or deleted through CommentService's
   * `…External` methods. An integration that writes back does not listen to its own changes here.
   */
  externalCommentChanged?(tx: Store, comment: CommentRow, change: CommentChange): Promise<void>;
  /** A status set outside preroll was applied (DeliverableService.applyExternalAction). */
  externalStatusChanged?(tx: Store, change: StatusChange): Promise<void>;
  /** An integration created a review link (announced by the integration, in its transaction). */
  reviewLinkCreated?(tx: Store, link: ReviewLinkAnnouncement): Promise<void>;
  /** An integration finished or gave up sending a version's file (announced by the integration). */
  externalUploadFinished?(tx: Store, upload: ExternalUploadAnnouncement): Promise<void>;
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

  async deliverableStatusChanged(tx: Store, change: StatusChange): Promise<void> {
    for (const h of this.registered) await h.deliverableStatusChanged?.(tx, change);
  }

  async versionCreated(tx: Store, version: VersionRow): Promise<void> {
    for (const h of this.registered) await h.versionCreated?.(tx, version);
  }

  async versionReady(tx: Store, version: VersionRow): Promise<void> {
    for (const h of this.registered) await h.versionReady?.(tx, version);
  }

  async versionFailed(tx: Store, failure: VersionFailure): Promise<void> {
    for (const h of this.registered) await h.versionFailed?.(tx, failure);
  }

  async externalCommentChanged(tx: Store, comment: CommentRow, change: CommentChange): Promise<void> {
    for (const h of this.registered) await h.externalCommentChanged?.(tx, comment, change);
  }

  async externalStatusChanged(tx: Store, change: StatusChange): Promise<void> {
    for (const h of this.registered) await h.externalStatusChanged?.(tx, change);
  }

  async reviewLinkCreated(tx: Store, link: ReviewLinkAnnouncement): Promise<void> {
    for (const h of this.registered) await h.reviewLinkCreated?.(tx, link);
  }

  async externalUploadFinished(tx: Store, upload: ExternalUploadAnnouncement): Promise<void> {
    for (const h of this.registered) await h.externalUploadFinished?.(tx, upload);
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

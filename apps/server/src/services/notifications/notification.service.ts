import type { MailMode } from '../../db/schema.ts';
import { type Actor, requireMember } from '../../lib/actor.ts';
import { badRequest, notFound } from '../../lib/errors.ts';
import { decodeCursor, toPage } from '../../lib/pagination.ts';
import type { NotificationRow, Recipient } from '../../repositories/notification.repository.ts';
import type { WatchSubject } from '../../repositories/watch.repository.ts';
import type { DomainHooks } from '../domain-hooks.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { NotificationFanOut } from './fan-out.ts';
import { NotificationMailDelivery } from './mail-delivery.ts';
import { notificationHooks } from './notification-hooks.ts';
import { DEFAULT_MAIL_MODE, NOTIFICATION_KINDS, type NotificationKind } from './notification-kinds.ts';
import { verifyUnsubscribe } from './unsubscribe-token.ts';

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  excerpt: string | null;
  link_path: string;
  actor_name: string;
  read: boolean;
  created_at: string;
}

const view = (r: NotificationRow): NotificationView => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  excerpt: r.excerpt,
  link_path: r.link_path,
  actor_name: r.actor_name,
  read: r.read_at !== null,
  created_at: r.created_at,
});

/**
 * Notifications (docs/notifications.md): the in-app inbox, preferences, watching, the signed
 * unsubscribe, and the parts the composition root wires: the domain hooks and the jobs.
 */
export class NotificationService {
  readonly hooks: DomainHooks;
  readonly fanOut: NotificationFanOut;
  readonly delivery: NotificationMailDelivery;

  constructor(private readonly deps: ServiceDeps) {
    this.hooks = notificationHooks(deps.clock);
    this.fanOut = new NotificationFanOut(deps);
    this.delivery = new NotificationMailDelivery(deps);
  }

  async inbox(actor: Actor, opts: { unreadOnly: boolean; limit: number; cursor?: string | undefined }) {
    const member = requireMember(actor);
    const rows = await this.deps.store.notifications.listInbox(
      member.orgId,
      { type: 'user', id: member.userId },
      { unreadOnly: opts.unreadOnly },
      { limit: opts.limit, after: decodeCursor(opts.cursor) },
    );
    const page = toPage(rows, opts.limit);
    const unread = await this.deps.store.notifications.unreadCount(member.orgId, {
      type: 'user',
      id: member.userId,
    });
    return { items: page.items.map(view), nextCursor: page.nextCursor, unread };
  }

  async unreadCount(actor: Actor): Promise<number> {
    const member = requireMember(actor);
    return this.deps.store.notifications.unreadCount(member.orgId, { type: 'user', id: member.userId });
  }

  /** Marks one notification (or, with id null, all) read; another person's id is a 404. */
  async markRead(actor: Actor, id: string | null): Promise<{ unread: number }> {
    const member = requireMember(actor);
    const me: Recipient = { type: 'user', id: member.userId };
    const changed = await this.deps.store.notifications.markRead(
      member.orgId,
      me,
      id,
      this.deps.clock.now().toISOString(),
    );
    if (id && changed === 0 && !(await this.deps.store.notifications.isRecipientOf(member.orgId, me, id)))
      throw notFound('Notification');
    const unread = await this.deps.store.notifications.unreadCount(member.orgId, me);
    await this.deps.events.publish(member.orgId, {
      type: 'notification.read',
      data: { user_ids: [member.userId] },
    });
    return { unread };
  }

  async preferences(actor: Actor): Promise<Record<NotificationKind, MailMode>> {
    const member = requireMember(actor);
    const rows = await this.deps.store.notifications.listPreferences(member.orgId, {
      type: 'user',
      id: member.userId,
    });
    const chosen = new Map(rows.map((r) => [r.kind, r.mode]));
    return Object.fromEntries(
      NOTIFICATION_KINDS.map((k) => [k, chosen.get(k) ?? DEFAULT_MAIL_MODE]),
    ) as Record<NotificationKind, MailMode>;
  }

  async setPreferences(actor: Actor, modes: Partial<Record<NotificationKind, MailMode>>) {
    const member = requireMember(actor);
    const now = this.deps.clock.now().toISOString();
    await this.deps.store.transaction(async (tx) => {
      for (const [kind, mode] of Object.entries(modes))
        if (mode)
          await tx.notifications.setPreference(
            member.orgId,
            { type: 'user', id: member.userId },
            kind,
            mode,
            now,
          );
    });
    return this.preferences(actor);
  }

  /** One click from an email, no login: the signed token names who and which kind. */
  async unsubscribe(token: string): Promise<{ kind: string }> {
    const claim = verifyUnsubscribe(this.deps.secretBox, token);
    if (!claim || !(NOTIFICATION_KINDS as readonly string[]).includes(claim.kind))
      throw badRequest(
        'invalid_unsubscribe_token',
        'This unsubscribe link is not valid; open your notification settings instead.',
      );
    await this.deps.store.notifications.setPreference(
      claim.orgId,
      { type: claim.recipientType, id: claim.recipientId },
      claim.kind,
      'off',
      this.deps.clock.now().toISOString(),
    );
    return { kind: claim.kind };
  }

  async isWatching(actor: Actor, subjectType: WatchSubject, subjectId: string): Promise<boolean> {
    const member = requireMember(actor);
    await this.requireSubject(member.orgId, subjectType, subjectId);
    return this.deps.store.watches.isWatching(member.orgId, member.userId, subjectType, subjectId);
  }

  async setWatching(
    actor: Actor,
    subjectType: WatchSubject,
    subjectId: string,
    watching: boolean,
  ): Promise<boolean> {
    const member = requireMember(actor);
    await this.requireSubject(member.orgId, subjectType, subjectId);
    if (watching)
      await this.deps.store.watches.add(
        member.orgId,
        member.userId,
        subjectType,
        subjectId,
        this.deps.clock.now().toISOString(),
      );
    else await this.deps.store.watches.remove(member.orgId, member.userId, subjectType, subjectId);
    return watching;
  }

  private async requireSubject(orgId: string, type: WatchSubject, id: string) {
    const store = this.deps.store;
    const found =
      type === 'client'
        ? await store.clients.findById(orgId, id)
        : type === 'show'
          ? await store.shows.findById(orgId, id)
          : await store.deliverables.findById(orgId, id);
    if (!found) throw notFound(type === 'client' ? 'Client' : type === 'show' ? 'Show' : 'Deliverable');
  }
}

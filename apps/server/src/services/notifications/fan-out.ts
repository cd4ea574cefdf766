import type { MailMode, RecipientType } from '../../db/schema.ts';
import { enqueue } from '../../jobs/job-queue.ts';
import { newId } from '../../lib/ids.ts';
import type { DeliverableContext, NewNotification } from '../../repositories/notification.repository.ts';
import type { Store } from '../../repositories/store.ts';
import type { ServiceDeps } from '../service-deps.ts';
import {
  BATCH_WINDOW_MS,
  DAY_MS,
  DEFAULT_MAIL_MODE,
  HOUR_MS,
  type NotificationEvent,
  type NotificationKind,
} from './notification-kinds.ts';

/** One notification to write: who, which kind, and what it says. */
interface Draft {
  recipient: { type: RecipientType; id: string };
  kind: NotificationKind;
}

interface Message {
  deliverableId: string | null;
  title: string;
  excerpt: string | null;
  linkPath: string;
  actorName: string;
}

const STATUS_WORDS: Record<string, string> = {
  approved: 'approved',
  revision_requested: 'requested changes on',
  submitted: 'submitted',
  resubmitted: 'resubmitted',
  draft: 'moved back to draft',
};

/**
 * The rules of who hears of an event (docs/notifications.md, "Who receives what"), run by the
 * `notifications.fan-out` job. A handful of queries whatever the number of recipients: the
 * context, the candidates, their preferences, one insert; a retry inserts nothing new (the
 * event-and-recipient key), and the mail jobs it enqueues are keyed by deliverable and window.
 */
export class NotificationFanOut {
  constructor(private readonly deps: ServiceDeps) {}

  async run(event: NotificationEvent): Promise<{ created: number; userIds: string[] }> {
    const result = await this.deps.store.transaction(async (tx) => {
      const planned = await this.plan(tx, event);
      if (!planned || planned.drafts.length === 0) return { created: 0, userIds: [] };
      return this.write(tx, event, planned.message, planned.drafts);
    });
    // The bell of each member who got something refreshes its unread count (after the commit).
    if (result.userIds.length > 0)
      await this.deps.events.publish(event.orgId, {
        type: 'notification.created',
        data: { user_ids: result.userIds },
      });
    return result;
  }

  private async plan(
    tx: Store,
    event: NotificationEvent,
  ): Promise<{ message: Message; drafts: Draft[] } | undefined> {
    if (event.type === 'status') return this.planStatus(tx, event);
    if (event.type === 'comment') return this.planComment(tx, event);
    return this.planFailure(tx, event);
  }

  private async planStatus(tx: Store, event: Extract<NotificationEvent, { type: 'status' }>) {
    const ctx = await tx.notifications.deliverableContext(event.orgId, event.deliverableId);
    if (!ctx) return undefined;
    const actor = event.actor;
    const verb = STATUS_WORDS[event.to] ?? `moved to ${event.to}`;
    if (actor.type === 'user') {
      // A version sent for review: the client's contacts, with a link that logs them in.
      if (event.to !== 'submitted' && event.to !== 'resubmitted') return undefined;
      const contacts = await tx.watches.portalUsersOfClient(event.orgId, ctx.client_id);
      return {
        message: {
          deliverableId: ctx.id,
          title: `${ctx.title} is waiting for your review`,
          excerpt: `${ctx.show_title} · ${ctx.episode_title}`,
          linkPath: '/portal',
          actorName: actor.name,
        },
        drafts: contacts.map((c) => ({
          recipient: { type: 'portal_user' as const, id: c.id },
          kind: 'review_requested' as const,
        })),
      };
    }
    const kind: NotificationKind = actor.type === 'portal_user' ? 'client_decision' : 'frameio_activity';
    // An integration names its actor whole ("Riley Reviewer (Frame.io)", or just "Frame.io").
    const who = actor.name;
    const watchers = await this.watchers(tx, event.orgId, ctx);
    return {
      message: {
        deliverableId: ctx.id,
        title: `${who} ${verb} ${ctx.title}`,
        excerpt: event.note,
        // The version the decision was about, where the team reads the client's notes.
        linkPath: ctx.latest_version_id
          ? `/versions/${ctx.latest_version_id}`
          : `/episodes/${ctx.episode_id}`,
        actorName: actor.name,
      },
      drafts: watchers.map((id) => ({ recipient: { type: 'user' as const, id }, kind })),
    };
  }

  private async planComment(tx: Store, event: Extract<NotificationEvent, { type: 'comment' }>) {
    const comment = await tx.comments.findById(event.orgId, event.commentId);
    if (!comment || comment.deleted_at) return undefined;
    const ctx = await tx.notifications.deliverableContext(event.orgId, comment.deliverable_id);
    if (!ctx) return undefined;
    const byClient = comment.author_type === 'portal_user';
    const who = event.external ? `${comment.author_name} (Frame.io)` : comment.author_name;
    // Most specific first: a mention beats a reply, which beats a watcher's notice.
    const drafts = new Map<string, Draft>();
    const add = (type: RecipientType, id: string, kind: NotificationKind) => {
      const key = `${type}:${id}`;
      if (!drafts.has(key)) drafts.set(key, { recipient: { type, id }, kind });
    };
    if (!byClient && !event.external) {
      const members = await tx.watches.membersWithNames(event.orgId);
      const body = comment.body.toLowerCase();
      for (const m of members)
        if (m.name && body.includes(`@${m.name.toLowerCase()}`)) add('user', m.id, 'mention');
    }
    if (comment.parent_id) {
      for (const p of await tx.watches.threadParticipants(event.orgId, comment.parent_id)) {
        if (p.author_user_id) add('user', p.author_user_id, 'reply');
        // Never an internal thread to a client: contacts hear of replies only where they can read them.
        else if (p.author_portal_user_id && comment.visibility === 'client')
          add('portal_user', p.author_portal_user_id, 'reply');
      }
    }
    if (byClient || event.external) {
      const kind: NotificationKind = byClient ? 'client_comment' : 'frameio_activity';
      for (const id of await this.watchers(tx, event.orgId, ctx)) add('user', id, kind);
    }
    const excerpt = comment.body.length > 280 ? `${comment.body.slice(0, 279)}…` : comment.body;
    return {
      message: {
        deliverableId: ctx.id,
        title: `${who} ${comment.parent_id ? 'replied' : 'commented'} on ${ctx.title}`,
        excerpt,
        linkPath: `/versions/${comment.version_id}`,
        actorName: comment.author_name,
      },
      drafts: [...drafts.values()].filter(
        (d) =>
          !(d.recipient.type === 'user' && d.recipient.id === comment.author_user_id) &&
          !(d.recipient.type === 'portal_user' && d.recipient.id === comment.author_portal_user_id),
      ),
    };
  }

  /**
   * A failure has no person behind it: the watchers hear, and so does whoever started the work
   * (the uploader of a version whose analysis or proxy failed, the member who pressed Send).
   */
  private async planFailure(
    tx: Store,
    event: Extract<NotificationEvent, { type: 'upload_failed' | 'version_failed' }>,
  ) {
    const version = await tx.versions.findById(event.orgId, event.versionId);
    const ctx = version
      ? await tx.notifications.deliverableContext(event.orgId, version.deliverable_id)
      : undefined;
    if (!version || !ctx) return undefined;
    const starter = event.type === 'version_failed' ? version.uploaded_by : (event.requestedBy ?? null);
    const recipients = new Set(await this.watchers(tx, event.orgId, ctx));
    if (starter && (await tx.watches.isMember(event.orgId, starter))) recipients.add(starter);
    const what = `${ctx.title} v${version.number}`;
    const title =
      event.type === 'upload_failed'
        ? `Send to Frame.io failed for ${what}`
        : event.stage === 'analysis'
          ? `The upload of ${what} (${version.original_filename}) could not be analysed`
          : `No playable copy could be made of ${what}`;
    return {
      message: {
        deliverableId: ctx.id,
        title,
        excerpt: event.message,
        linkPath: `/versions/${version.id}`,
        actorName: 'preroll',
      },
      drafts: [...recipients].map((id) => ({
        recipient: { type: 'user' as const, id },
        kind: 'failure' as const,
      })),
    };
  }

  /** Members watching the deliverable, its show or its client. */
  private watchers(tx: Store, orgId: string, ctx: DeliverableContext): Promise<string[]> {
    return tx.watches.watchersOf(orgId, [ctx.id, ctx.show_id, ctx.client_id]);
  }

  private async write(tx: Store, event: NotificationEvent, message: Message, drafts: Draft[]) {
    // The person who caused the event is never told about it.
    const actorId = event.type === 'status' ? event.actor.id : null;
    const actorType = event.type === 'status' ? event.actor.type : null;
    const kept = drafts.filter((d) => !(d.recipient.id === actorId && d.recipient.type === actorType));
    const now = this.deps.clock.now();
    const rows: NewNotification[] = [];
    const modesByKind = new Map<NotificationKind, Map<string, MailMode>>();
    for (const kind of new Set(kept.map((d) => d.kind))) {
      const recipients = kept.filter((d) => d.kind === kind).map((d) => d.recipient);
      modesByKind.set(kind, await tx.notifications.modes(event.orgId, kind, recipients));
    }
    for (const d of kept) {
      const mode = modesByKind.get(d.kind)?.get(`${d.recipient.type}:${d.recipient.id}`) ?? DEFAULT_MAIL_MODE;
      rows.push({
        id: newId(),
        org_id: event.orgId,
        recipient_type: d.recipient.type,
        recipient_id: d.recipient.id,
        event_key: event.key,
        kind: d.kind,
        deliverable_id: message.deliverableId,
        title: message.title,
        excerpt: message.excerpt,
        link_path: message.linkPath,
        actor_name: message.actorName,
        mail_mode: mode,
        mailed_at: null,
        read_at: null,
        created_at: now.toISOString(),
      });
    }
    const created = await tx.notifications.insertMany(rows);
    await this.scheduleMail(tx, event.orgId, message.deliverableId, new Set(rows.map((r) => r.mail_mode)));
    return { created, userIds: rows.filter((r) => r.recipient_type === 'user').map((r) => r.recipient_id) };
  }

  /**
   * One mail job per deliverable and batching window, one digest job per organization, cadence and
   * hour or day: the idempotency keys collapse every event of the window into the same job.
   */
  private async scheduleMail(tx: Store, orgId: string, deliverableId: string | null, modes: Set<MailMode>) {
    const nowMs = this.deps.clock.now().getTime();
    if (modes.has('immediately')) {
      const slot = Math.floor(nowMs / BATCH_WINDOW_MS);
      await enqueue(
        tx,
        {
          type: 'notifications.mail',
          payload: { orgId, deliverableId, slot },
          orgId,
          idempotencyKey: `notifications.mail:${orgId}:${deliverableId ?? '-'}:${slot}`,
          runAt: new Date((slot + 1) * BATCH_WINDOW_MS),
        },
        this.deps.clock,
      );
    }
    for (const cadence of ['hourly', 'daily'] as const) {
      if (!modes.has(cadence)) continue;
      const size = cadence === 'hourly' ? HOUR_MS : DAY_MS;
      const slot = Math.floor(nowMs / size);
      await enqueue(
        tx,
        {
          type: 'notifications.digest',
          payload: { orgId, cadence, slot },
          orgId,
          idempotencyKey: `notifications.digest:${orgId}:${cadence}:${slot}`,
          runAt: new Date((slot + 1) * size),
        },
        this.deps.clock,
      );
    }
  }
}

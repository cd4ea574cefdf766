import type { MailMode } from '../../db/schema.ts';
import type { NotificationRow } from '../../repositories/notification.repository.ts';
import type { Store } from '../../repositories/store.ts';
import { createMagicLink } from '../portal-links.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { renderNotificationMail } from './mail-templates.ts';
import {
  BATCH_WINDOW_MS,
  DAY_MS,
  HOUR_MS,
  NOTIFICATION_LOGIN_LINK_TTL_MS,
  type NotificationKind,
} from './notification-kinds.ts';
import { signUnsubscribe } from './unsubscribe-token.ts';

const KIND_LABELS: Record<NotificationKind, string> = {
  review_requested: 'versions sent for your review',
  client_decision: 'client approvals and change requests',
  client_comment: 'client comments',
  frameio_activity: 'Frame.io reviewers’ comments and status changes',
  reply: 'replies',
  mention: 'mentions',
  failure: 'failed uploads and sends',
};

/**
 * Sends what the fan-out wrote: `notifications.mail` (one email per person for a deliverable's
 * batching window) and `notifications.digest` (hourly or daily, everything of that cadence).
 * Each person's rows are claimed (compare-and-set on `mailed_at`) and the email recorded in the
 * outbox in the same transaction, so a retried job sends nothing twice and a failed send leaves
 * the rows for the retry.
 */
export class NotificationMailDelivery {
  constructor(private readonly deps: ServiceDeps) {}

  async mailWindow(payload: { orgId: string; deliverableId: string | null; slot: number }): Promise<number> {
    const beforeIso = new Date((payload.slot + 1) * BATCH_WINDOW_MS).toISOString();
    return this.deliver(payload.orgId, 'immediately', beforeIso, payload.deliverableId);
  }

  async digest(payload: { orgId: string; cadence: 'hourly' | 'daily'; slot: number }): Promise<number> {
    const size = payload.cadence === 'hourly' ? HOUR_MS : DAY_MS;
    return this.deliver(
      payload.orgId,
      payload.cadence,
      new Date((payload.slot + 1) * size).toISOString(),
      undefined,
    );
  }

  /** Returns how many emails were sent. */
  private deliver(
    orgId: string,
    mode: MailMode,
    beforeIso: string,
    deliverableId: string | null | undefined,
  ) {
    return this.deps.store.transaction(async (tx) => {
      const rows = await tx.notifications.listUnmailed(orgId, {
        mode,
        beforeIso,
        ...(deliverableId !== undefined ? { deliverableId } : {}),
      });
      if (rows.length === 0) return 0;
      const byRecipient = new Map<string, NotificationRow[]>();
      for (const r of rows) {
        const key = `${r.recipient_type}:${r.recipient_id}`;
        byRecipient.set(key, [...(byRecipient.get(key) ?? []), r]);
      }
      const claimed = new Set(
        await tx.notifications.markMailed(
          orgId,
          rows.map((r) => r.id),
          this.deps.clock.now().toISOString(),
        ),
      );
      const userIds = rows.filter((r) => r.recipient_type === 'user').map((r) => r.recipient_id);
      const contactIds = rows.filter((r) => r.recipient_type === 'portal_user').map((r) => r.recipient_id);
      const { users, contacts } = await tx.watches.addresses(
        orgId,
        [...new Set(userIds)],
        [...new Set(contactIds)],
      );
      const org = await tx.organizations.findById(orgId);
      const studio = org?.name ?? 'preroll';
      let sent = 0;
      for (const list of byRecipient.values()) {
        const mine = list.filter((r) => claimed.has(r.id));
        const first = mine[0];
        if (!first) continue;
        const person =
          first.recipient_type === 'user'
            ? users.find((u) => u.id === first.recipient_id)
            : contacts.find((c) => c.id === first.recipient_id);
        // Gone since (left the organization, contact removed): nothing to send.
        if (!person) continue;
        await this.send(tx, { studio, mode, rows: mine, to: person });
        sent += 1;
      }
      return sent;
    });
  }

  private async send(
    tx: Store,
    input: {
      studio: string;
      mode: MailMode;
      rows: NotificationRow[];
      to: { id: string; email: string; name: string };
    },
  ) {
    const { rows, to, studio } = input;
    const first = rows[0]!;
    const publicUrl = this.deps.config.publicUrl;
    const isClient = first.recipient_type === 'portal_user';
    // A batch about one deliverable opens where its latest event happened; a digest across
    // deliverables opens the studio's home.
    const oneDeliverable = rows.every(
      (r) => r.deliverable_id !== null && r.deliverable_id === first.deliverable_id,
    );
    const target = rows.length === 1 || oneDeliverable ? rows[rows.length - 1]!.link_path : '/';
    const actionUrl = isClient
      ? (
          await createMagicLink(
            this.deps,
            tx,
            { id: to.id, org_id: first.org_id },
            NOTIFICATION_LOGIN_LINK_TTL_MS,
          )
        ).url
      : `${publicUrl}${target}`;
    const kinds = [...new Set(rows.map((r) => r.kind as NotificationKind))];
    const unsubscribes = kinds.map((kind) => ({
      label: `Stop emails about ${KIND_LABELS[kind] ?? kind}`,
      url: `${publicUrl}/unsubscribe?token=${signUnsubscribe(this.deps.secretBox, {
        orgId: first.org_id,
        recipientType: first.recipient_type,
        recipientId: to.id,
        kind,
      })}`,
    }));
    const digest = input.mode === 'hourly' || input.mode === 'daily';
    const heading = digest
      ? `Your ${input.mode} summary from ${studio}: ${rows.length} update${rows.length === 1 ? '' : 's'}`
      : rows.length === 1
        ? first.title
        : `${rows.length} updates from ${studio}`;
    const { html, text } = renderNotificationMail({
      greetingName: to.name,
      heading,
      items: rows.map((r) => ({
        title: r.title,
        excerpt: r.excerpt,
        when: `${r.created_at.replace('T', ' ').slice(0, 16)} UTC`,
      })),
      actionUrl,
      actionLabel: isClient ? 'Open your review page (signs you in)' : 'Open in preroll',
      unsubscribes,
      preferencesUrl: isClient ? null : `${publicUrl}/settings/notifications`,
    });
    await this.deps.mailer.send(
      {
        orgId: first.org_id,
        to: to.email,
        subject: digest ? `${studio}: your ${input.mode} summary` : `${studio}: ${heading}`,
        text,
        html,
        headers: { 'List-Unsubscribe': `<${unsubscribes[0]!.url}>` },
      },
      tx.mail,
    );
  }
}

import type { Insertable, Selectable } from 'kysely';
import type { MailMode, NotificationsTable, RecipientType } from '../db/schema.ts';
import type { PageRequest } from '../lib/pagination.ts';
import type { Executor } from './executor.ts';

const INSERT_CHUNK = 1_000;

export type NotificationRow = Selectable<NotificationsTable>;
export type NewNotification = Insertable<NotificationsTable>;

/** A deliverable with the names a notification shows (deliverable, episode, show, client). */
export interface DeliverableContext {
  id: string;
  title: string;
  status: string;
  episode_id: string;
  episode_title: string;
  show_id: string;
  show_title: string;
  client_id: string;
  client_name: string;
  /** The newest ready version: what a client's decision was about. */
  latest_version_id: string | null;
}

export interface Recipient {
  type: RecipientType;
  id: string;
}

/** The inbox, the mail to-do and the preferences of notifications (docs/notifications.md). */
export class NotificationRepository {
  constructor(private readonly db: Executor) {}

  deliverableContext(orgId: string, deliverableId: string): Promise<DeliverableContext | undefined> {
    return this.db
      .selectFrom('deliverables as d')
      .innerJoin('episodes as e', (j) => j.onRef('e.id', '=', 'd.episode_id').on('e.org_id', '=', orgId))
      .innerJoin('shows as s', (j) => j.onRef('s.id', '=', 'e.show_id').on('s.org_id', '=', orgId))
      .innerJoin('clients as c', (j) => j.onRef('c.id', '=', 's.client_id').on('c.org_id', '=', orgId))
      .select([
        'd.id',
        'd.title',
        'd.status',
        'e.id as episode_id',
        'e.title as episode_title',
        's.id as show_id',
        's.title as show_title',
        'c.id as client_id',
        'c.name as client_name',
        (eb) =>
          eb
            .selectFrom('deliverable_versions as v')
            .select('v.id')
            .whereRef('v.deliverable_id', '=', 'd.id')
            .where('v.status', '=', 'ready')
            .orderBy('v.number', 'desc')
            .limit(1)
            .as('latest_version_id'),
      ])
      .where('d.org_id', '=', orgId)
      .where('d.id', '=', deliverableId)
      .executeTakeFirst();
  }

  /**
   * Inserts the rows in statements of up to 1,000 (PostgreSQL takes at most 65,535 parameters per
   * statement); a row whose event and recipient exist already is skipped (a retried fan-out).
   * Returns how many were new.
   */
  async insertMany(rows: NewNotification[]): Promise<number> {
    let created = 0;
    for (let at = 0; at < rows.length; at += INSERT_CHUNK) {
      const res = await this.db
        .insertInto('notifications')
        .values(rows.slice(at, at + INSERT_CHUNK))
        .onConflict((oc) => oc.columns(['event_key', 'recipient_type', 'recipient_id']).doNothing())
        .executeTakeFirst();
      created += Number(res.numInsertedOrUpdatedRows ?? 0);
    }
    return created;
  }

  /** The modes each recipient chose for `kind` (absent: the kind's default). */
  async modes(orgId: string, kind: string, recipients: Recipient[]): Promise<Map<string, MailMode>> {
    const modes = new Map<string, MailMode>();
    if (recipients.length === 0) return modes;
    const rows = await this.db
      .selectFrom('notification_preferences')
      .select(['recipient_type', 'recipient_id', 'mode'])
      .where('org_id', '=', orgId)
      .where('kind', '=', kind)
      .where(
        'recipient_id',
        'in',
        recipients.map((r) => r.id),
      )
      .execute();
    for (const r of rows) modes.set(`${r.recipient_type}:${r.recipient_id}`, r.mode);
    return modes;
  }

  listPreferences(orgId: string, recipient: Recipient) {
    return this.db
      .selectFrom('notification_preferences')
      .select(['kind', 'mode'])
      .where('org_id', '=', orgId)
      .where('recipient_type', '=', recipient.type)
      .where('recipient_id', '=', recipient.id)
      .execute();
  }

  async setPreference(orgId: string, recipient: Recipient, kind: string, mode: MailMode, nowIso: string) {
    await this.db
      .insertInto('notification_preferences')
      .values({
        org_id: orgId,
        recipient_type: recipient.type,
        recipient_id: recipient.id,
        kind,
        mode,
        updated_at: nowIso,
      })
      .onConflict((oc) =>
        oc
          .columns(['org_id', 'recipient_type', 'recipient_id', 'kind'])
          .doUpdateSet({ mode, updated_at: nowIso }),
      )
      .execute();
  }

  /** Not yet mailed, in `mode`, created before `beforeIso`; optionally of one deliverable. */
  listUnmailed(
    orgId: string,
    filter: { mode: MailMode; beforeIso: string; deliverableId?: string | null },
  ): Promise<NotificationRow[]> {
    let q = this.db
      .selectFrom('notifications')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('mail_mode', '=', filter.mode)
      .where('mailed_at', 'is', null)
      .where('created_at', '<', filter.beforeIso);
    if (filter.deliverableId !== undefined)
      q =
        filter.deliverableId === null
          ? q.where('deliverable_id', 'is', null)
          : q.where('deliverable_id', '=', filter.deliverableId);
    return q.orderBy('id').execute();
  }

  /** Compare-and-set: marks the rows mailed unless another run did; returns those it marked. */
  async markMailed(orgId: string, ids: string[], nowIso: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .updateTable('notifications')
      .set({ mailed_at: nowIso })
      .where('org_id', '=', orgId)
      .where('id', 'in', ids)
      .where('mailed_at', 'is', null)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  listInbox(orgId: string, recipient: Recipient, opts: { unreadOnly: boolean }, page: PageRequest) {
    let q = this.db
      .selectFrom('notifications')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('recipient_type', '=', recipient.type)
      .where('recipient_id', '=', recipient.id);
    if (opts.unreadOnly) q = q.where('read_at', 'is', null);
    if (page.after) q = q.where('id', '<', page.after);
    return q
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
  }

  async isRecipientOf(orgId: string, recipient: Recipient, id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('notifications')
      .select('id')
      .where('org_id', '=', orgId)
      .where('recipient_type', '=', recipient.type)
      .where('recipient_id', '=', recipient.id)
      .where('id', '=', id)
      .executeTakeFirst();
    return row !== undefined;
  }

  async unreadCount(orgId: string, recipient: Recipient): Promise<number> {
    const row = await this.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('org_id', '=', orgId)
      .where('recipient_type', '=', recipient.type)
      .where('recipient_id', '=', recipient.id)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Marks one (`id`) or all of a recipient's notifications read; returns how many changed. */
  async markRead(orgId: string, recipient: Recipient, id: string | null, nowIso: string): Promise<number> {
    let q = this.db
      .updateTable('notifications')
      .set({ read_at: nowIso })
      .where('org_id', '=', orgId)
      .where('recipient_type', '=', recipient.type)
      .where('recipient_id', '=', recipient.id)
      .where('read_at', 'is', null);
    if (id) q = q.where('id', '=', id);
    const res = await q.executeTakeFirst();
    return Number(res.numUpdatedRows);
  }
}

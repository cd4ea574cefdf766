import type { Kysely } from 'kysely';

/**
 * Notifications (docs/notifications.md): one row per event and recipient (the unique key is what
 * makes a retried fan-out harmless), each person's preferences per kind, and what members watch.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('recipient_type', 'text', (c) => c.notNull())
    .addColumn('recipient_id', 'text', (c) => c.notNull())
    .addColumn('event_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('deliverable_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('excerpt', 'text')
    .addColumn('link_path', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('mail_mode', 'text', (c) => c.notNull())
    .addColumn('mailed_at', 'text')
    .addColumn('read_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('notifications_event_recipient', ['event_key', 'recipient_type', 'recipient_id'])
    .execute();
  await db.schema
    .createIndex('notifications_inbox')
    .on('notifications')
    .columns(['org_id', 'recipient_type', 'recipient_id', 'id'])
    .execute();
  await db.schema
    .createIndex('notifications_unmailed')
    .on('notifications')
    .columns(['org_id', 'mail_mode', 'mailed_at'])
    .execute();
  await db.schema
    .createTable('notification_preferences')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('recipient_type', 'text', (c) => c.notNull())
    .addColumn('recipient_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_preferences_pk', [
      'org_id',
      'recipient_type',
      'recipient_id',
      'kind',
    ])
    .execute();
  await db.schema
    .createTable('watches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('watches_unique', ['org_id', 'user_id', 'subject_type', 'subject_id'])
    .execute();
  await db.schema.createIndex('watches_subject').on('watches').columns(['org_id', 'subject_id']).execute();
}

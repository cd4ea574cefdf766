import type { Kysely } from 'kysely';

/** Notification emails have an HTML part beside the text one (docs/notifications.md, "Emails"). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('mail_outbox').addColumn('body_html', 'text').execute();
}

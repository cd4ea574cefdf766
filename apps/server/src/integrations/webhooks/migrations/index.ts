import type { Migration } from 'kysely';
import * as m0033 from './0033-webhook-endpoints.ts';
import * as m0034 from './0034-outgoing-webhook-deliveries.ts';
import * as m0035 from './0035-outgoing-webhook-attempts.ts';

/** The outgoing webhooks' part of the one migration chain (merged by name in server.ts). */
export const webhookMigrations: Record<string, Migration> = {
  '0033-webhook-endpoints': m0033,
  '0034-outgoing-webhook-deliveries': m0034,
  '0035-outgoing-webhook-attempts': m0035,
};

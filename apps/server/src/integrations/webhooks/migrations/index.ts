import type { Migration } from 'kysely';
import * as m0035 from './0035-webhook-endpoints.ts';
import * as m0036 from './0036-outgoing-webhook-deliveries.ts';
import * as m0037 from './0037-outgoing-webhook-attempts.ts';

/**
 * The outgoing webhooks' part of the one migration chain (merged by name in server.ts), numbered
 * after 0033 and 0034 (the Frame.io integration's webhook problem and status sync), so the merged
 * chain stays in name order.
 */
export const webhookMigrations: Record<string, Migration> = {
  '0035-webhook-endpoints': m0035,
  '0036-outgoing-webhook-deliveries': m0036,
  '0037-outgoing-webhook-attempts': m0037,
};

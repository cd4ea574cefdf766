import type { Actor } from '../lib/actor.ts';
import { isAccessEvent } from './access-events.ts';
import type { RealtimeEvent } from './event-bus.ts';

/**
 * Who may receive a realtime event of their organization (the bus is already per organization).
 *
 * - Team members receive every event of the organization.
 * - Portal users (clients) receive an event only when its data names their client
 *   (`data.client_id === actor.clientId`) and it is not internal (`data.visibility !== 'internal'`).
 *   Events without a `client_id` never reach the portal, even if marked `visibility: 'client'`:
 *   "client-visible" means visible to the client it belongs to, and without a client id we cannot
 *   tell which one, so we fail closed. Publishers: put `client_id` (and `visibility` for comments)
 *   into the data of every event a client should see.
 * - Nobody receives the internal access events (realtime/access-events.ts).
 */
export function canReceive(actor: Actor, event: RealtimeEvent): boolean {
  if (isAccessEvent(event)) return false;
  if (actor.kind === 'member') return true;
  const { client_id: clientId, visibility } = event.data;
  return typeof clientId === 'string' && clientId === actor.clientId && visibility !== 'internal';
}

/** What portal users see instead of a team member's name (as in comment threads). */
export const TEAM_ALIAS = 'Production team';

/**
 * The event as this actor may see it, or null. Portal users never get a team member's name from
 * an event's `actor` (the comment presenter hides names the same way); the org setting that lets
 * clients see team names applies to the comment list, which is fetched, not pushed.
 */
export function eventFor(actor: Actor, event: RealtimeEvent): RealtimeEvent | null {
  if (!canReceive(actor, event)) return null;
  if (actor.kind === 'member') return event;
  const eventActor = event.data.actor as { type?: string } | undefined;
  if (!eventActor || eventActor.type === 'portal_user') return event;
  return { type: event.type, data: { ...event.data, actor: { type: 'team', name: TEAM_ALIAS } } };
}

import type { Actor } from '../lib/actor.ts';
import type { RealtimeEvent } from './event-bus.ts';

/**
 * Access changes travel on the organization's realtime bus, like any event, so they reach every
 * process on PostgreSQL (LISTEN/NOTIFY). They are internal: the SSE route consumes them and never
 * forwards one to a client (event-visibility.ts refuses them as well).
 *
 * A service announces one after the commit that took access away (logout, organization switch,
 * member removal, role change, API key revocation, portal user or client deletion). Each open
 * stream that the change may concern re-checks its credential through AuthService and ends when
 * it no longer grants the same access.
 */
export const ACCESS_CHANGED = 'access.changed';

/** What changed; any field that is set narrows the streams that must re-check. */
export interface AccessChange {
  session_id?: string;
  user_id?: string;
  api_key_id?: string;
  portal_user_id?: string;
  client_id?: string;
}

/** The credential an SSE stream was opened with. */
export type StreamCredential = { kind: 'session'; sessionId: string } | { kind: 'api_key'; apiKeyId: string };

export function accessChangedEvent(change: AccessChange): RealtimeEvent {
  return { type: ACCESS_CHANGED, data: { ...change } };
}

export function isAccessEvent(event: RealtimeEvent): boolean {
  return event.type === ACCESS_CHANGED;
}

/** Whether a change may affect a stream opened with this credential for this actor. */
export function concernsStream(event: RealtimeEvent, credential: StreamCredential, actor: Actor): boolean {
  const change = event.data as AccessChange;
  if (credential.kind === 'session' && change.session_id === credential.sessionId) return true;
  if (credential.kind === 'api_key' && change.api_key_id === credential.apiKeyId) return true;
  if (actor.kind === 'member') return change.user_id === actor.userId;
  return change.portal_user_id === actor.portalUserId || change.client_id === actor.clientId;
}

/**
 * True when `now` grants what `opened` granted: same organization and, for a member, the same
 * user and role (a new role changes what the stream may carry, so the client reconnects with its
 * new view); for a portal user, the same contact of the same client.
 */
export function sameAccess(opened: Actor, now: Actor | null): boolean {
  if (!now || now.kind !== opened.kind || now.orgId !== opened.orgId) return false;
  if (opened.kind === 'member' && now.kind === 'member') {
    return now.userId === opened.userId && now.role === opened.role;
  }
  if (opened.kind === 'portal' && now.kind === 'portal') {
    return now.portalUserId === opened.portalUserId && now.clientId === opened.clientId;
  }
  return false;
}

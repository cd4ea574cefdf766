import { describe, expect, it } from 'vitest';
import type { Actor, MemberActor, PortalActor } from '../../src/lib/actor.ts';
import {
  type AccessChange,
  accessChangedEvent,
  type StreamCredential,
} from '../../src/realtime/access-events.ts';
import type { RealtimeEvent } from '../../src/realtime/event-bus.ts';
import { canReceive } from '../../src/realtime/event-visibility.ts';
import { StreamAccessGuard } from '../../src/realtime/stream-access-guard.ts';

/**
 * The part of the SSE fix that decides, event by event, what an open stream may still send while
 * its credential is being re-checked. Attack: an event published right after a revocation slips
 * through while the re-check is still reading the database. Promise: from the access event on,
 * events are held until the check answers; they are dropped if access is gone, sent in order if not.
 */
const member: MemberActor = {
  kind: 'member',
  userId: 'user-1',
  name: 'Mo',
  orgId: 'org-1',
  role: 'admin',
  via: 'session',
};
const portal: PortalActor = {
  kind: 'portal',
  portalUserId: 'portal-1',
  name: 'Casey',
  orgId: 'org-1',
  clientId: 'client-1',
};
const session: StreamCredential = { kind: 'session', sessionId: 'session-1' };
const comment = (id: string): RealtimeEvent => ({ type: 'comment.created', data: { id } });

/** A guard whose credential check answers only when the test says so. */
function guarded(actor: Actor, credential: StreamCredential = session) {
  const sent: string[] = [];
  let ended = 0;
  let checks = 0;
  let answer: (who: Actor | null) => void = () => {};
  const guard = new StreamAccessGuard({
    credential,
    actor,
    currentActor: () => {
      checks += 1;
      return new Promise((resolve) => {
        answer = resolve;
      });
    },
    deliver: (e) => sent.push(String(e.data.id)),
    end: () => {
      ended += 1;
    },
  });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return {
    guard,
    sent,
    ended: () => ended,
    checks: () => checks,
    answer: async (who: Actor | null) => {
      answer(who);
      await settle();
    },
    change: (c: AccessChange) => guard.onEvent(accessChangedEvent(c)),
  };
}

describe('StreamAccessGuard', () => {
  it('holds events published after a concerning access event, and drops them when the credential is gone', async () => {
    const g = guarded(member);
    g.guard.onEvent(comment('before'));
    g.change({ session_id: 'session-1' });
    g.guard.onEvent(comment('after-1'));
    g.guard.onEvent(comment('after-2'));
    expect(g.sent).toEqual(['before']);
    await g.answer(null);
    expect(g.ended()).toBe(1);
    g.guard.onEvent(comment('later'));
    expect(g.sent).toEqual(['before']);
  });

  it('sends the held events in order when the access is unchanged', async () => {
    const g = guarded(member);
    g.change({ user_id: 'user-1' });
    g.guard.onEvent(comment('a'));
    g.guard.onEvent(comment('b'));
    await g.answer({ ...member });
    expect(g.sent).toEqual(['a', 'b']);
    expect(g.ended()).toBe(0);
  });

  it('a role change is not the same access: the stream ends', async () => {
    const g = guarded(member);
    g.change({ user_id: 'user-1' });
    await g.answer({ ...member, role: 'member' });
    expect(g.ended()).toBe(1);
  });

  it('a second change during a check is checked again before anything is sent', async () => {
    const g = guarded(member);
    g.change({ user_id: 'user-1' });
    g.guard.onEvent(comment('held'));
    g.change({ session_id: 'session-1' });
    await g.answer({ ...member });
    expect(g.checks()).toBe(2);
    expect(g.sent).toEqual([]);
    await g.answer(null);
    expect(g.ended()).toBe(1);
    expect(g.sent).toEqual([]);
  });

  it('a failing check ends the stream (fail closed)', async () => {
    const ended: boolean[] = [];
    const guard = new StreamAccessGuard({
      credential: session,
      actor: member,
      currentActor: async () => {
        throw new Error('database unreachable');
      },
      deliver: () => {},
      end: () => ended.push(true),
    });
    guard.recheck();
    await new Promise((r) => setTimeout(r, 0));
    expect(ended).toEqual([true]);
  });

  it('ignores changes that concern other credentials, users, contacts or clients', () => {
    const m = guarded(member);
    m.change({ session_id: 'session-2' });
    m.change({ user_id: 'user-2' });
    m.change({ api_key_id: 'key-1' });
    m.change({ portal_user_id: 'portal-1' });
    const p = guarded(portal);
    p.change({ portal_user_id: 'portal-2' });
    p.change({ client_id: 'client-2' });
    p.change({ user_id: 'user-1' });
    expect([m.checks(), p.checks()]).toEqual([0, 0]);
    p.change({ client_id: 'client-1' });
    expect(p.checks()).toBe(1);
  });

  it('an access event is never sent to any client', () => {
    const event = accessChangedEvent({ client_id: 'client-1', session_id: 'session-1' });
    expect(canReceive(member, event)).toBe(false);
    expect(canReceive(portal, event)).toBe(false);
    const g = guarded(member);
    g.guard.onEvent(event);
    expect(g.sent).toEqual([]);
  });
});

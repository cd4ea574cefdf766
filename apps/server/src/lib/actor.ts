import { forbidden } from './errors.ts';

/** A team member's role in an organization (owner > admin > member). */
export type Role = 'owner' | 'admin' | 'member';

/** Who is making a request, resolved once by the HTTP auth plugin and passed to services. */
export type Actor = MemberActor | PortalActor;

export interface MemberActor {
  kind: 'member';
  userId: string;
  name: string;
  orgId: string;
  role: Role;
  via: 'session' | 'api_key';
}

/** A client contact logged in to the portal by magic link: sees only their client's content. */
export interface PortalActor {
  kind: 'portal';
  portalUserId: string;
  name: string;
  orgId: string;
  clientId: string;
}

const rank: Record<Role, number> = { member: 0, admin: 1, owner: 2 };

export function isAtLeast(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}

export function requireMember(actor: Actor): MemberActor {
  if (actor.kind !== 'member') throw forbidden('Only team members can do that');
  return actor;
}

export function requireRole(actor: Actor, needed: Role): MemberActor {
  const member = requireMember(actor);
  if (!isAtLeast(member.role, needed)) throw forbidden(`This needs the ${needed} role or higher`);
  return member;
}

import type { Role } from '../db/schema.ts';
import { type Actor, isAtLeast, requireMember, requireRole } from '../lib/actor.ts';
import { type Clock, isoAfter } from '../lib/clock.ts';
import { badRequest, conflict, forbidden, notFound, unauthorized } from '../lib/errors.ts';
import { sha256Hex } from '../lib/hash.ts';
import { newId, newToken } from '../lib/ids.ts';
import type { Mailer } from '../repositories/mailer.ts';
import type { PasswordHasher } from '../repositories/password-hasher.ts';
import type { Store } from '../repositories/store.ts';
import type { AuthService } from './auth.service.ts';

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

/** Organizations and their members: who belongs where, with which role, and invitations. */
export class TeamService {
  constructor(
    private readonly store: Store,
    private readonly auth: AuthService,
    private readonly hasher: PasswordHasher,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly publicUrl: string,
  ) {}

  async me(userId: string, activeOrgId: string | null) {
    const user = await this.store.users.findById(userId);
    if (!user) throw notFound('User');
    const memberships = await this.store.memberships.listForUser(userId);
    const active = memberships.find((m) => m.org_id === activeOrgId) ?? null;
    return {
      user: { id: user.id, email: user.email, name: user.name },
      memberships: memberships.map((m) => ({
        organization_id: m.org_id,
        organization_name: m.org_name,
        role: m.role,
      })),
      active_organization: active ? { id: active.org_id, name: active.org_name, role: active.role } : null,
    };
  }

  async switchOrganization(sessionId: string, userId: string, orgId: string): Promise<void> {
    const membership = await this.store.memberships.find(orgId, userId);
    if (!membership) throw notFound('Organization');
    const session = await this.store.sessions.findById(sessionId);
    await this.store.sessions.setActiveOrg(sessionId, orgId);
    await this.announceSessionMoved(sessionId, session?.active_org_id ?? null, orgId);
  }

  /** A stream of the session's previous organization ends (the browser reconnects into the new one). */
  private async announceSessionMoved(sessionId: string, from: string | null, to: string): Promise<void> {
    if (from && from !== to) await this.auth.announceAccessChange(from, { session_id: sessionId });
  }

  async createOrganization(userId: string, sessionId: string | null, name: string) {
    const now = this.clock.now().toISOString();
    const orgId = newId();
    const session = sessionId ? await this.store.sessions.findById(sessionId) : undefined;
    await this.store.transaction(async (tx) => {
      await tx.organizations.insert({
        id: orgId,
        name,
        settings_json: '{}',
        created_at: now,
        updated_at: now,
      });
      await tx.memberships.insert({
        id: newId(),
        org_id: orgId,
        user_id: userId,
        role: 'owner',
        created_at: now,
      });
      if (sessionId) await tx.sessions.setActiveOrg(sessionId, orgId);
    });
    if (sessionId) await this.announceSessionMoved(sessionId, session?.active_org_id ?? null, orgId);
    return { id: orgId, name, role: 'owner' as Role };
  }

  async listMembers(actor: Actor) {
    const member = requireMember(actor);
    const rows = await this.store.memberships.listForOrg(member.orgId);
    const pending = await this.store.invitations.listPending(member.orgId, this.clock.now().toISOString());
    return {
      members: rows.map((r) => ({
        user_id: r.user_id,
        email: r.email,
        name: r.name,
        role: r.role,
        joined_at: r.created_at,
      })),
      invitations: pending.map((i) => ({ id: i.id, email: i.email, role: i.role, expires_at: i.expires_at })),
    };
  }

  /** Admins invite members and admins; only owners may invite or promote owners. */
  async invite(actor: Actor, input: { email: string; role: Role }) {
    const { admin, id, email, token, orgName } = await this.issueInvitation(actor, input);
    await this.mailer.send({
      orgId: admin.orgId,
      to: email,
      subject: `${admin.name} invited you to ${orgName ?? 'an organization'} on preroll`,
      text: `Join ${orgName} as ${input.role}: ${this.publicUrl}/invite/${token}\nThis link expires in 7 days.`,
    });
    return { id, email, role: input.role };
  }

  /**
   * An invitation whose token is handed to the caller instead of mailed: the demo studio adds
   * its team member by accepting it, the same path a person's click takes.
   */
  async invitationTokenFor(actor: Actor, input: { email: string; role: Role }): Promise<string> {
    return (await this.issueInvitation(actor, input)).token;
  }

  private async issueInvitation(actor: Actor, input: { email: string; role: Role }) {
    const admin = requireRole(actor, 'admin');
    if (input.role === 'owner' && admin.role !== 'owner') throw forbidden('Only owners can invite owners');
    const email = input.email.toLowerCase();
    const existing = await this.store.users.findByEmail(email);
    if (existing && (await this.store.memberships.find(admin.orgId, existing.id))) {
      throw conflict('already_member', `${email} is already a member`, { field: 'email' });
    }
    const token = newToken();
    const id = newId();
    const org = await this.store.organizations.findById(admin.orgId);
    await this.store.transaction(async (tx) => {
      await tx.invitations.insert({
        id,
        org_id: admin.orgId,
        email,
        role: input.role,
        token_hash: sha256Hex(token),
        invited_by: admin.userId,
        expires_at: isoAfter(this.clock, INVITE_TTL_MS),
        accepted_at: null,
        created_at: this.clock.now().toISOString(),
      });
    });
    return { admin, id, email, token, orgName: org?.name };
  }

  /**
   * Accepting creates the account if the email is new (name and password required), or adds the
   * membership to the existing user, who must be logged in as themselves: the token proves access
   * to the mailbox, not to the account, so it never opens a session for an existing user.
   * Single use.
   */
  async acceptInvitation(
    input: { token: string; name?: string; password?: string },
    sessionUserId: string | null,
  ) {
    const invitation = await this.store.invitations.findByTokenHash(sha256Hex(input.token));
    const now = this.clock.now().toISOString();
    if (!invitation || invitation.accepted_at || invitation.expires_at <= now) {
      throw notFound('Invitation');
    }
    const existing = await this.store.users.findByEmail(invitation.email);
    if (existing && existing.id !== sessionUserId) {
      throw unauthorized(`Log in as ${invitation.email} to accept this invitation`, 'login_required');
    }
    if (!existing && (!input.name || !input.password)) {
      throw badRequest('invalid_password', 'name and password are required to create your account', {
        field: 'password',
      });
    }
    const passwordHash = existing ? null : await this.hasher.hash(input.password!);
    return this.store.transaction(async (tx) => {
      if (!(await tx.invitations.markAccepted(invitation.id, now))) throw notFound('Invitation');
      let userId = existing?.id;
      if (!userId) {
        userId = newId();
        await tx.users.insert({
          id: userId,
          email: invitation.email,
          name: input.name!,
          password_hash: passwordHash,
          created_at: now,
          updated_at: now,
        });
      }
      if (!(await tx.memberships.find(invitation.org_id, userId))) {
        await tx.memberships.insert({
          id: newId(),
          org_id: invitation.org_id,
          user_id: userId,
          role: invitation.role,
          created_at: now,
        });
      }
      const session = await this.auth.createSession(tx, { userId, orgId: invitation.org_id });
      return { session, userId, orgId: invitation.org_id };
    });
  }

  async changeRole(actor: Actor, userId: string, role: Role) {
    const admin = requireRole(actor, 'admin');
    await this.store.transaction(async (tx) => {
      const target = await tx.memberships.find(admin.orgId, userId);
      if (!target) throw notFound('Member');
      if ((role === 'owner' || target.role === 'owner') && admin.role !== 'owner') {
        throw forbidden('Only owners can grant or take away the owner role');
      }
      if (
        target.role === 'owner' &&
        role !== 'owner' &&
        (await tx.memberships.countOwners(admin.orgId)) <= 1
      ) {
        throw conflict('last_owner', 'An organization needs at least one owner');
      }
      await tx.memberships.setRole(admin.orgId, userId, role);
    });
    await this.auth.announceAccessChange(admin.orgId, { user_id: userId });
  }

  async removeMember(actor: Actor, userId: string) {
    const member = requireMember(actor);
    // Anyone may leave; removing someone else needs admin, and an owner only by an owner.
    const admin = userId === member.userId ? member : requireRole(actor, 'admin');
    await this.store.transaction(async (tx) => {
      const target = await tx.memberships.find(admin.orgId, userId);
      if (!target) throw notFound('Member');
      if (target.role === 'owner' && !isAtLeast(admin.role, 'owner'))
        throw forbidden('Only owners can remove owners');
      if (target.role === 'owner' && (await tx.memberships.countOwners(admin.orgId)) <= 1) {
        throw conflict('last_owner', 'An organization needs at least one owner');
      }
      await tx.memberships.delete(admin.orgId, userId);
    });
    await this.auth.announceAccessChange(admin.orgId, { user_id: userId });
  }
}

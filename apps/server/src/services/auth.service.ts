import type { Role } from '../db/schema.ts';
import type { Actor } from '../lib/actor.ts';
import { type Clock, isoAfter } from '../lib/clock.ts';
import { AppError, conflict, tooManyRequests, unauthorized } from '../lib/errors.ts';
import { sha256Hex } from '../lib/hash.ts';
import { newId, newToken } from '../lib/ids.ts';
import { type AccessChange, accessChangedEvent, type StreamCredential } from '../realtime/access-events.ts';
import type { EventBus } from '../realtime/event-bus.ts';
import type { ApiKeyRow } from '../repositories/api-key.repository.ts';
import type { PasswordHasher } from '../repositories/password-hasher.ts';
import type { SessionRow } from '../repositories/session.repository.ts';
import type { Store } from '../repositories/store.ts';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
const LOGIN_WINDOW_MS = 15 * 60 * 1000;
const LOGIN_MAX_PER_ACCOUNT_AND_IP = 10;
const LOGIN_MAX_PER_ACCOUNT = 30;
const LOGIN_MAX_PER_IP = 50;
const SIGNUP_WINDOW_MS = 60 * 60 * 1000;
/** Verified when the email has no password (unknown, or invited and never set), so it costs the same. */
const NO_SUCH_ACCOUNT_PASSWORD = 'preroll: no account has this email';

export interface AuthLimits {
  /** Sign-ups allowed from one client address per hour (config PREROLL_SIGNUPS_PER_HOUR). */
  signupsPerHour: number;
}

export interface SessionGrant {
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export interface ResolvedApiKey {
  apiKeyId: string;
  actor: Actor;
}

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  actor: Actor | null;
  userId: string | null;
}

export class AuthService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly store: Store,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly limits: AuthLimits = { signupsPerHour: 10 },
  ) {}

  /**
   * Each attempt from a client address counts, before any work (argon2 is the expensive part),
   * in the database like login attempts; a refused `email_taken` counts too, which also slows
   * probing for registered emails. `clientAddress` null: the server itself (the demo seed).
   */
  async signup(
    input: { email: string; password: string; name: string; organization_name: string },
    clientAddress: string | null,
  ) {
    if (clientAddress !== null) {
      await this.throttle(
        `signup:${clientAddress}`,
        SIGNUP_WINDOW_MS,
        this.limits.signupsPerHour,
        'Too many sign-ups from this address; try again later',
      );
    }
    const email = input.email.toLowerCase();
    const passwordHash = await this.hasher.hash(input.password);
    const now = this.clock.now().toISOString();
    const userId = newId();
    const orgId = newId();
    return this.store.transaction(async (tx) => {
      if (await tx.users.findByEmail(email)) {
        throw conflict('email_taken', 'An account with this email already exists', { field: 'email' });
      }
      await tx.users.insert({
        id: userId,
        email,
        name: input.name,
        password_hash: passwordHash,
        created_at: now,
        updated_at: now,
      });
      await tx.organizations.insert({
        id: orgId,
        name: input.organization_name,
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
      const session = await this.createSession(tx, { userId, orgId });
      return { session, userId, orgId };
    });
  }

  /**
   * Counts attempts in the database (so the limits hold across processes) before checking the
   * password, and answers the same for an unknown email and a wrong password, after the same
   * work: argon2 runs against a dummy hash when the account does not exist, so the time taken
   * does not tell which emails have accounts. Three windows:
   * per account from one address (a typo-prone user is not locked out by others), per account from
   * anywhere (a distributed guess at one account), and per address (one client guessing many).
   */
  async login(input: { email: string; password: string }, ip: string) {
    const email = input.email.toLowerCase();
    const nowIso = this.clock.now().toISOString();
    const limits: Array<[string, number]> = [
      [`acct:${ip}:${email}`, LOGIN_MAX_PER_ACCOUNT_AND_IP],
      [`acct:${email}`, LOGIN_MAX_PER_ACCOUNT],
      [`ip:${ip}`, LOGIN_MAX_PER_IP],
    ];
    for (const [key, max] of limits) {
      await this.throttle(key, LOGIN_WINDOW_MS, max, 'Too many login attempts; try again later');
    }
    const user = await this.store.users.findByEmail(email);
    const storedHash = user?.password_hash ?? (await this.noSuchAccountHash());
    const ok = await this.hasher.verify(storedHash, input.password);
    if (!user?.password_hash || !ok)
      throw unauthorized('Email or password is incorrect', 'invalid_credentials');
    await this.store.loginAttempts.clear(`acct:${ip}:${email}`);
    // Housekeeping on a path that is rare and already slow (argon2): expired sessions go.
    await this.store.sessions.deleteExpired(nowIso);
    const memberships = await this.store.memberships.listForUser(user.id);
    const session = await this.createSession(this.store, {
      userId: user.id,
      orgId: memberships[0]?.org_id ?? null,
    });
    return { session, userId: user.id, orgId: memberships[0]?.org_id ?? null };
  }

  /**
   * One more attempt in the fixed window `key`; over `max` it is a 429 saying when to retry.
   * Shared by every endpoint a stranger may call (login, sign-up, password reset, portal links).
   */
  async throttle(key: string, windowMs: number, max: number, message: string): Promise<void> {
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - windowMs).toISOString();
    const hit = await this.store.loginAttempts.hit(key, windowStart, now.toISOString());
    if (hit.count > max) {
      const resetsInMs = new Date(hit.windowStart).getTime() + windowMs - now.getTime();
      throw tooManyRequests(message, Math.max(1, Math.ceil(resetsInMs / 1000)));
    }
  }

  /** A real argon2 hash (same parameters as users' hashes) of a password nobody has; made once. */
  private noSuchAccountHash(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(NO_SUCH_ACCOUNT_PASSWORD).catch((err: unknown) => {
      this.dummyHash = undefined;
      throw err;
    });
    return this.dummyHash;
  }

  async createSession(
    store: Store,
    who: { userId?: string; portalUserId?: string; orgId: string | null },
    ttlMs: number = SESSION_TTL_MS,
  ): Promise<SessionGrant> {
    const token = newToken();
    const csrfToken = newToken(24);
    const expiresAt = isoAfter(this.clock, ttlMs);
    await store.sessions.insert({
      id: newId(),
      token_hash: sha256Hex(token),
      user_id: who.userId ?? null,
      portal_user_id: who.portalUserId ?? null,
      active_org_id: who.orgId,
      csrf_token: csrfToken,
      expires_at: expiresAt,
      created_at: this.clock.now().toISOString(),
    });
    return { token, csrfToken, expiresAt };
  }

  /** Ends the session; open streams opened with it end too (announced after the delete). */
  async logout(sessionId: string): Promise<void> {
    const session = await this.store.sessions.findById(sessionId);
    await this.store.sessions.delete(sessionId);
    if (session?.active_org_id)
      await this.announceAccessChange(session.active_org_id, { session_id: sessionId });
  }

  /**
   * Tells every process, after the commit that took access away, so open SSE streams that relied
   * on it re-check and end (realtime/access-events.ts).
   */
  async announceAccessChange(orgId: string, change: AccessChange): Promise<void> {
    await this.events.publish(orgId, accessChangedEvent(change));
  }

  /** Turns a session cookie into an actor; null when the cookie is unknown or expired. */
  async resolveSession(token: string): Promise<ResolvedSession | null> {
    const session = await this.store.sessions.findByTokenHash(sha256Hex(token));
    return session ? this.resolveSessionRow(session) : null;
  }

  /** `Authorization: Bearer pr_…`: the key acts for its creator, with the creator's current role. */
  async resolveApiKey(key: string): Promise<ResolvedApiKey> {
    const row = await this.store.apiKeys.findActiveByHash(sha256Hex(key));
    if (!row) throw unauthorized('The API key is invalid or revoked', 'invalid_api_key');
    const actor = await this.apiKeyActor(row);
    if (!actor) throw unauthorized('The API key owner is no longer a member', 'invalid_api_key');
    await this.store.apiKeys.touch(row.id, this.clock.now().toISOString());
    return { apiKeyId: row.id, actor };
  }

  /**
   * Who a credential acts as now, or null when it grants nothing any more (logged out, expired,
   * revoked, membership or portal contact gone). Open SSE streams re-check themselves with it.
   */
  async currentActor(credential: StreamCredential): Promise<Actor | null> {
    if (credential.kind === 'api_key') {
      const row = await this.store.apiKeys.findActiveById(credential.apiKeyId);
      return row ? this.apiKeyActor(row) : null;
    }
    const session = await this.store.sessions.findById(credential.sessionId);
    return session ? ((await this.resolveSessionRow(session))?.actor ?? null) : null;
  }

  private async resolveSessionRow(session: SessionRow): Promise<ResolvedSession | null> {
    if (session.expires_at <= this.clock.now().toISOString()) return null;
    const base = { sessionId: session.id, csrfToken: session.csrf_token, userId: session.user_id };
    if (session.portal_user_id) {
      const portalUser = await this.store.portalUsers.findById(session.portal_user_id);
      if (!portalUser) return null;
      return {
        ...base,
        actor: {
          kind: 'portal',
          portalUserId: portalUser.id,
          name: portalUser.name,
          orgId: portalUser.org_id,
          clientId: portalUser.client_id,
        },
      };
    }
    if (!session.user_id) return null;
    const user = await this.store.users.findById(session.user_id);
    if (!user) return null;
    const membership = session.active_org_id
      ? await this.store.memberships.find(session.active_org_id, user.id)
      : undefined;
    return {
      ...base,
      actor: membership
        ? {
            kind: 'member',
            userId: user.id,
            name: user.name,
            orgId: membership.org_id,
            role: membership.role,
            via: 'session',
          }
        : null,
    };
  }

  private async apiKeyActor(row: ApiKeyRow): Promise<Actor | null> {
    const membership = await this.store.memberships.find(row.org_id, row.created_by);
    const user = await this.store.users.findById(row.created_by);
    if (!membership || !user) return null;
    const role: Role = membership.role;
    return { kind: 'member', userId: user.id, name: user.name, orgId: row.org_id, role, via: 'api_key' };
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

import { enqueue } from '../jobs/job-queue.ts';
import { isoAfter } from '../lib/clock.ts';
import { conflict, notFound, unauthorized } from '../lib/errors.ts';
import { sha256Hex } from '../lib/hash.ts';
import { newId, newToken } from '../lib/ids.ts';
import type { AccountTokenRow } from '../repositories/account-token.repository.ts';
import type { Store } from '../repositories/store.ts';
import type { AuthService, SessionGrant } from './auth.service.ts';
import type { ServiceDeps } from './service-deps.ts';

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;
export const EMAIL_CHANGE_TTL_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const RESETS_PER_ADDRESS_PER_HOUR = 20;
const RESETS_PER_EMAIL_PER_HOUR = 3;

/**
 * A person's own account (docs/teams.md, "Account"): forgotten password, name, email (confirmed
 * by a link to the new address) and password (the current one asked first).
 */
export class AccountService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly auth: AuthService,
  ) {}

  /**
   * Always answers the same (the route says 202 either way) and does the same work whoever asks:
   * the two throttles and one queued `account.password-reset-mail` job. The lookup, the token and
   * the mail (an SMTP round trip in production) happen in the job, so neither the answer nor its
   * time tells whether the email has an account. Limited per client address and per email: a
   * stranger cannot fill someone's inbox.
   */
  async requestPasswordReset(emailInput: string, clientAddress: string): Promise<void> {
    const email = emailInput.toLowerCase();
    const limitMessage = 'Too many password reset requests; try again later';
    await this.auth.throttle(`reset:ip:${clientAddress}`, HOUR_MS, RESETS_PER_ADDRESS_PER_HOUR, limitMessage);
    await this.auth.throttle(`reset:acct:${email}`, HOUR_MS, RESETS_PER_EMAIL_PER_HOUR, limitMessage);
    await enqueue(
      this.deps.store,
      {
        type: 'account.password-reset-mail',
        payload: { email },
        maxAttempts: 3,
      },
      this.deps.clock,
    );
  }

  /** The `account.password-reset-mail` job: a single-use link to the account's address, if any. */
  async mailPasswordReset(email: string): Promise<void> {
    const token = newToken();
    const user = await this.deps.store.users.findByEmail(email);
    if (!user) return;
    await this.issueToken(user.id, 'password_reset', token, null, PASSWORD_RESET_TTL_MS);
    await this.deps.mailer.send({
      orgId: null,
      to: user.email,
      subject: 'preroll: reset your password',
      text:
        `Hello ${user.name},\n\nSomeone (hopefully you) asked to reset the password of your preroll account.\n` +
        `Choose a new password here:\n${this.deps.config.publicUrl}/reset-password?token=${token}\n\n` +
        'The link works once and expires in one hour. If you did not ask for it, ignore this email: ' +
        'your password stays as it is.',
    });
  }

  /**
   * Sets the new password and ends every session of the account (whoever knew the old password
   * is logged out), then opens a fresh session for the browser that reset it.
   */
  async confirmPasswordReset(
    token: string,
    password: string,
  ): Promise<{ session: SessionGrant; userId: string; orgId: string | null }> {
    const passwordHash = await this.deps.hasher.hash(password);
    const now = this.deps.clock.now().toISOString();
    const invalid = () =>
      unauthorized(
        'This reset link is invalid, expired or already used; ask for a new one.',
        'invalid_reset_token',
      );
    const { session, userId, orgId, ended } = await this.deps.store.transaction(async (tx) => {
      const row = await tx.accountTokens.findByHash('password_reset', sha256Hex(token));
      if (!row || !(await tx.accountTokens.consume(row.id, now))) throw invalid();
      await tx.users.update(row.user_id, { password_hash: passwordHash, updated_at: now });
      const ended = await tx.sessions.deleteForUser(row.user_id, null);
      const memberships = await tx.memberships.listForUser(row.user_id);
      const orgId = memberships[0]?.org_id ?? null;
      const session = await this.auth.createSession(tx, { userId: row.user_id, orgId });
      return { session, userId: row.user_id, orgId, ended };
    });
    await this.announceEnded(ended);
    return { session, userId, orgId };
  }

  async updateName(userId: string, name: string): Promise<void> {
    await this.deps.store.users.update(userId, { name, updated_at: this.deps.clock.now().toISOString() });
  }

  /** Asks the current password; the other sessions end, the one that changed it stays. */
  async changePassword(
    userId: string,
    keepSessionId: string | null,
    input: { current_password: string; new_password: string },
  ): Promise<void> {
    const user = await this.deps.store.users.findById(userId);
    if (!user) throw notFound('User');
    await this.auth.throttle(`password:${userId}`, 15 * 60 * 1000, 10, 'Too many attempts; try again later');
    if (!user.password_hash || !(await this.deps.hasher.verify(user.password_hash, input.current_password)))
      throw unauthorized('The current password is not right.', 'wrong_password');
    const passwordHash = await this.deps.hasher.hash(input.new_password);
    const now = this.deps.clock.now().toISOString();
    const ended = await this.deps.store.transaction(async (tx) => {
      await tx.users.update(userId, { password_hash: passwordHash, updated_at: now });
      return tx.sessions.deleteForUser(userId, keepSessionId);
    });
    await this.announceEnded(ended);
  }

  /**
   * Nothing changes until the link mailed to the new address is followed: a typo cannot lock the
   * person out, and nobody can move an account to an address they do not read.
   */
  async requestEmailChange(
    userId: string,
    input: { email: string; current_password: string },
  ): Promise<{ pending_email: string; expires_at: string }> {
    const user = await this.deps.store.users.findById(userId);
    if (!user) throw notFound('User');
    await this.auth.throttle(`email:${userId}`, HOUR_MS, 10, 'Too many attempts; try again later');
    if (!user.password_hash || !(await this.deps.hasher.verify(user.password_hash, input.current_password)))
      throw unauthorized('The current password is not right.', 'wrong_password');
    const email = input.email.toLowerCase();
    if (email === user.email)
      throw conflict('email_unchanged', 'This is already your email address.', { field: 'email' });
    if (await this.deps.store.users.findByEmail(email))
      throw conflict('email_taken', 'An account with this email already exists.', { field: 'email' });
    const token = newToken();
    const row = await this.issueToken(user.id, 'email_change', token, email, EMAIL_CHANGE_TTL_MS);
    await this.deps.mailer.send({
      orgId: null,
      to: email,
      subject: 'preroll: confirm your new email address',
      text:
        `Hello ${user.name},\n\nConfirm that preroll should use this address for your account:\n` +
        `${this.deps.config.publicUrl}/confirm-email?token=${token}\n\n` +
        'The link works once and expires in 24 hours. Until then your account keeps its current address.',
    });
    return { pending_email: email, expires_at: row.expires_at };
  }

  async confirmEmailChange(token: string): Promise<{ email: string }> {
    const now = this.deps.clock.now().toISOString();
    const invalid = () =>
      unauthorized('This confirmation link is invalid, expired or already used.', 'invalid_email_token');
    return this.deps.store.transaction(async (tx) => {
      const row = await tx.accountTokens.findByHash('email_change', sha256Hex(token));
      if (!row?.new_email || !(await tx.accountTokens.consume(row.id, now))) throw invalid();
      if (await tx.users.findByEmail(row.new_email))
        throw conflict('email_taken', 'An account with this email already exists.', { field: 'email' });
      await tx.users.update(row.user_id, { email: row.new_email, updated_at: now });
      return { email: row.new_email };
    });
  }

  private async issueToken(
    userId: string,
    purpose: AccountTokenRow['purpose'],
    token: string,
    newEmail: string | null,
    ttlMs: number,
  ): Promise<AccountTokenRow> {
    const now = this.deps.clock.now().toISOString();
    const row: AccountTokenRow = {
      id: newId(),
      user_id: userId,
      purpose,
      token_hash: sha256Hex(token),
      new_email: newEmail,
      expires_at: isoAfter(this.deps.clock, ttlMs),
      used_at: null,
      created_at: now,
    };
    await this.deps.store.transaction(async (tx: Store) => {
      await tx.accountTokens.retireUnused(userId, purpose, now);
      await tx.accountTokens.insert(row);
    });
    return row;
  }

  /** Open event streams of the ended sessions re-check and close (realtime/access-events.ts). */
  private async announceEnded(ended: Array<{ id: string; active_org_id: string | null }>): Promise<void> {
    for (const s of ended)
      if (s.active_org_id) await this.auth.announceAccessChange(s.active_org_id, { session_id: s.id });
  }
}

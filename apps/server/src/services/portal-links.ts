import { sha256Hex } from '../lib/hash.ts';
import { newId, newToken } from '../lib/ids.ts';
import type { PortalUserRow } from '../repositories/portal-user.repository.ts';
import type { Store } from '../repositories/store.ts';
import type { ServiceDeps } from './service-deps.ts';

export const MAGIC_LINK_TTL_MS = 15 * 60 * 1000;

/**
 * Makes a single-use portal login link for a contact: only its SHA-256 is stored. Returns the
 * URL (for a notification that logs the client in) and when it expires.
 */
export async function createMagicLink(
  deps: Pick<ServiceDeps, 'clock' | 'config'>,
  store: Store,
  user: Pick<PortalUserRow, 'id' | 'org_id'>,
  ttlMs: number = MAGIC_LINK_TTL_MS,
): Promise<{ url: string; expiresAt: string }> {
  const token = newToken();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  await store.portalUsers.insertMagicLink({
    id: newId(),
    org_id: user.org_id,
    portal_user_id: user.id,
    token_hash: sha256Hex(token),
    expires_at: expiresAt,
    used_at: null,
    created_at: now.toISOString(),
  });
  return { url: `${deps.config.publicUrl}/portal/login?token=${token}`, expiresAt };
}

/** Mails a contact a 15-minute login link: sent by a team member, or asked for by the client. */
export async function mailMagicLink(
  deps: ServiceDeps,
  user: PortalUserRow,
  opts: { invitedBy: string | null },
): Promise<string> {
  const link = await createMagicLink(deps, deps.store, user);
  const org = await deps.store.organizations.findById(user.org_id);
  const studio = org?.name ?? 'Your production team';
  const opening = opts.invitedBy
    ? `${opts.invitedBy} at ${studio} invites you to review your deliverables:`
    : `Here is your link to review your deliverables with ${studio}:`;
  await deps.mailer.send({
    orgId: user.org_id,
    to: user.email,
    subject: `${studio}: your link to review deliverables`,
    text:
      `Hello ${user.name},\n\n${opening}\n${link.url}\n\n` +
      'This link works once and expires in 15 minutes. Ask for a new one if it has.',
  });
  return link.expiresAt;
}

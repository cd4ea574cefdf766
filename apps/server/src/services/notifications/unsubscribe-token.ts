import type { RecipientType } from '../../db/schema.ts';
import type { SecretBox } from '../../repositories/secret-box.ts';

export interface UnsubscribeClaim {
  orgId: string;
  recipientType: RecipientType;
  recipientId: string;
  kind: string;
}

/**
 * The one-click unsubscribe link's token: the claim, signed with the server's secret key (HMAC),
 * so it needs no login and cannot be forged for someone else or another kind.
 */
export function signUnsubscribe(box: SecretBox, claim: UnsubscribeClaim): string {
  const body = Buffer.from(
    JSON.stringify([claim.orgId, claim.recipientType, claim.recipientId, claim.kind]),
  ).toString('base64url');
  return `${body}.${box.mac('unsubscribe', body)}`;
}

export function verifyUnsubscribe(box: SecretBox, token: string): UnsubscribeClaim | null {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined || !box.isMacOf('unsubscribe', body, mac)) return null;
  try {
    const [orgId, recipientType, recipientId, kind] = JSON.parse(
      Buffer.from(body, 'base64url').toString('utf8'),
    ) as string[];
    if (!orgId || !recipientId || !kind || (recipientType !== 'user' && recipientType !== 'portal_user'))
      return null;
    return { orgId, recipientType, recipientId, kind };
  } catch {
    // A signed body is always our JSON; anything else is not a token.
    return null;
  }
}

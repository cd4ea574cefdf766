import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com, with the `standardwebhooks`
 * library): `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`, an HMAC-SHA256
 * of `id.timestamp.body` per secret. During a rotation both the new and the previous secret sign,
 * space-separated (the spec allows several signatures), so a receiver still holding the old
 * secret verifies until the overlap ends.
 */
export function signedHeaders(
  secrets: readonly string[],
  messageId: string,
  at: Date,
  body: string,
): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((s) => new Webhook(s).sign(messageId, at, body)).join(' '),
  };
}

/** A new signing secret as the spec writes it: `whsec_` and base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** A Standard Webhooks message id: unique per event, the same on every retry and replay. */
export function newMessageId(id: string): string {
  return `msg_${id.replaceAll('-', '')}`;
}

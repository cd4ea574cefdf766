import { createHmac } from 'node:crypto';

/**
 * frameio-api-notes.md, "Webhooks: signature":
 * `X-Frameio-Signature: v0=<hex HMAC-SHA256(secret, "v0:" + timestamp + ":" + rawBody)>`,
 * timestamp = Unix epoch seconds as sent in `X-Frameio-Request-Timestamp`.
 */
export function signWebhook(secret: string, timestampSeconds: number, rawBody: string): string {
  const mac = createHmac('sha256', secret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return `v0=${mac}`;
}

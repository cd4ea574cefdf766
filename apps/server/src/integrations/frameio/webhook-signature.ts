import { createHmac, timingSafeEqual } from 'node:crypto';

/** REFERENCE §6.4 (and billyshambrook/frameio-kit `_security.py`): ±300 s around our clock. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** `v0=<hex HMAC-SHA256(secret, "v0:" + ts + ":" + rawBody)>` over the raw bytes as received. */
export function signWebhook(secret: string, timestamp: string, rawBody: Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

/** Constant time after the length check (a length mismatch reveals nothing about the secret). */
export function signatureMatches(secret: string, timestamp: string, rawBody: Buffer, given: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The timestamp header is epoch seconds as decimal digits; anything else is not fresh. */
export function timestampFresh(timestamp: string, nowMs: number): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(nowMs / 1000 - Number(timestamp)) <= WEBHOOK_TOLERANCE_SECONDS;
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verifying Frame.io webhook deliveries (docs/frameio-api-notes.md, "Webhooks: signature"):
 * `X-Frameio-Signature: v0=<hex HMAC-SHA256(secret, "v0:" + timestamp + ":" + rawBody)>` over the
 * raw bytes as received, and `X-Frameio-Request-Timestamp` (epoch seconds) within ±300 s of now.
 *
 * Shaped like stripe-node's `constructEvent`: `constructWebhookEvent` verifies and parses in one
 * call. A receiver that must first route a delivery to one of several secrets (several
 * organizations may listen to one workspace) uses `readWebhookRequest` to check the headers and
 * parse, then `isSignedWith` per candidate secret.
 */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** What every delivery carries: ids only, no event id (docs/frameio-api-notes.md, "Webhooks: payload"). */
export interface WebhookPayload {
  type: string;
  account: { id: string };
  workspace: { id: string };
  resource?: { id?: string; type?: string };
  project?: { id?: string };
  user?: { id?: string };
}

export type WebhookRejection =
  | 'missing_signature_headers'
  | 'stale_timestamp'
  | 'invalid_json'
  | 'invalid_payload'
  | 'invalid_signature';

/** A delivery that is not (provably) from Frame.io. `status` is the HTTP answer a receiver gives. */
export class FrameioWebhookError extends Error {
  readonly status: 400 | 401;

  constructor(
    readonly code: WebhookRejection,
    message: string,
  ) {
    super(message);
    this.name = 'FrameioWebhookError';
    this.status = code === 'stale_timestamp' || code === 'invalid_signature' ? 401 : 400;
  }
}

export interface WebhookRequest {
  rawBody: Buffer;
  /** `X-Frameio-Signature` */
  signature: string | undefined;
  /** `X-Frameio-Request-Timestamp` */
  timestamp: string | undefined;
}

/** A delivery whose headers and shape are fine; whether its signature holds is still open. */
export interface UnverifiedWebhook {
  payload: WebhookPayload;
  rawBody: Buffer;
  signature: string;
  timestamp: string;
}

/** `v0=<hex>` for a body, as Frame.io signs it. */
export function signWebhook(secret: string, timestamp: string, rawBody: Buffer | string): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

/** The timestamp header is epoch seconds as decimal digits; anything else is not fresh. */
export function isWebhookTimestampFresh(
  timestamp: string,
  nowMs: number,
  toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS,
): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(nowMs / 1000 - Number(timestamp)) <= toleranceSeconds;
}

/**
 * Checks what needs no secret, cheapest first: both headers, freshness, JSON with `type`,
 * `account.id` and `workspace.id`. Throws FrameioWebhookError.
 */
export function readWebhookRequest(
  req: WebhookRequest,
  opts: { nowMs?: number; toleranceSeconds?: number } = {},
): UnverifiedWebhook {
  const { signature, timestamp, rawBody } = req;
  if (!signature || !timestamp) {
    throw new FrameioWebhookError(
      'missing_signature_headers',
      'X-Frameio-Signature and X-Frameio-Request-Timestamp are required',
    );
  }
  const tolerance = opts.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  if (!isWebhookTimestampFresh(timestamp, opts.nowMs ?? Date.now(), tolerance)) {
    throw new FrameioWebhookError(
      'stale_timestamp',
      `X-Frameio-Request-Timestamp is not within ${tolerance} seconds of now`,
    );
  }
  let payload: WebhookPayload;
  try {
    payload = JSON.parse(rawBody.toString('utf8')) as WebhookPayload;
  } catch {
    throw new FrameioWebhookError('invalid_json', 'The body is not JSON');
  }
  if (
    typeof payload?.type !== 'string' ||
    typeof payload?.account?.id !== 'string' ||
    typeof payload?.workspace?.id !== 'string'
  ) {
    throw new FrameioWebhookError('invalid_payload', 'The body lacks type, account.id or workspace.id');
  }
  return { payload, rawBody, signature, timestamp };
}

/** Constant time after the length check (a length mismatch reveals nothing about the secret). */
export function isSignedWith(webhook: UnverifiedWebhook, secret: string): boolean {
  const expected = Buffer.from(signWebhook(secret, webhook.timestamp, webhook.rawBody), 'utf8');
  const actual = Buffer.from(webhook.signature, 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Verifies a delivery against one secret and returns its payload; throws FrameioWebhookError. */
export function constructWebhookEvent(
  req: WebhookRequest,
  secret: string,
  opts: { nowMs?: number; toleranceSeconds?: number } = {},
): WebhookPayload {
  const webhook = readWebhookRequest(req, opts);
  if (!isSignedWith(webhook, secret)) {
    throw new FrameioWebhookError('invalid_signature', 'The signature does not match');
  }
  return webhook.payload;
}

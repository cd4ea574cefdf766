import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { WebhookTargetGuard } from './target-guard.ts';

/** One attempt's outcome: the endpoint's answer, or why there was none. */
export type SendResult =
  | { kind: 'response'; statusCode: number; durationMs: number; excerpt: string }
  | { kind: 'no_response'; error: string; durationMs: number; refused: boolean };

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  signal?: AbortSignal;
}

/** An endpoint that does not answer within this long has failed the attempt. */
export const SEND_TIMEOUT_MS = 15_000;
/** The start of the response body kept in the delivery log. */
const EXCERPT_BYTES = 1024;

/**
 * POSTs a webhook over node:http(s) with the guard's lookup, so the address connected to is the
 * one checked (docs/webhooks.md, "SSRF"). Redirects are not followed (a 3xx is the endpoint's
 * answer, and following one would leave the guard's reach). Error texts never contain the URL,
 * which may itself be a secret (a Slack incoming webhook).
 */
export class WebhookSender {
  constructor(
    private readonly guard: WebhookTargetGuard,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async send(request: OutgoingRequest): Promise<SendResult> {
    const started = this.now();
    const elapsed = () => Math.round(this.now() - started);
    const url = new URL(request.url);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    try {
      if (net.isIP(host)) this.guard.check(host);
      const signal = request.signal
        ? AbortSignal.any([request.signal, AbortSignal.timeout(SEND_TIMEOUT_MS)])
        : AbortSignal.timeout(SEND_TIMEOUT_MS);
      const { statusCode, excerpt } = await post(url, request, this.guard, signal);
      return { kind: 'response', statusCode, excerpt, durationMs: elapsed() };
    } catch (err) {
      const refused = (err as Error).name === 'WebhookTargetRefusedError';
      return { kind: 'no_response', error: describe(err), durationMs: elapsed(), refused };
    }
  }
}

function post(
  url: URL,
  request: OutgoingRequest,
  guard: WebhookTargetGuard,
  signal: AbortSignal,
): Promise<{ statusCode: number; excerpt: string }> {
  const body = Buffer.from(request.body, 'utf8');
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      {
        method: 'POST',
        headers: {
          ...request.headers,
          'content-type': 'application/json',
          'content-length': String(body.length),
          'user-agent': 'preroll-webhooks/1',
        },
        lookup: guard.lookup,
        signal,
        // A fresh connection per attempt: a pooled socket would skip the lookup (and so the guard).
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (chunk: Buffer) => {
          if (kept < EXCERPT_BYTES) {
            chunks.push(chunk.subarray(0, EXCERPT_BYTES - kept));
            kept += Math.min(chunk.length, EXCERPT_BYTES - kept);
          }
        });
        res.on('end', () =>
          resolve({ statusCode: res.statusCode ?? 0, excerpt: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.name === 'WebhookTargetRefusedError') return e.message;
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError' || e?.code === 'ABORT_ERR')
    return `no answer within ${SEND_TIMEOUT_MS / 1000} s`;
  if (e?.code === 'ECONNREFUSED') return 'connection refused';
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (e?.code === 'ECONNRESET') return 'the connection was reset';
  if (e?.code && /^(CERT_|ERR_TLS|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED)/.test(e.code))
    return `TLS failed (${e.code})`;
  return e?.code ? `request failed (${e.code})` : 'request failed';
}

import type { NetworkPhase } from './retry-policy.ts';

// Node's fetch (undici) rejects with `TypeError: fetch failed` and the socket error as `cause`.
// Only failures while connecting prove the request never reached Frame.io; anything later
// (reset, socket closed, our own timeout) is ambiguous for a POST.
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function codeOf(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function networkPhase(err: unknown): NetworkPhase {
  const code = codeOf(err);
  return code !== undefined && CONNECT_CODES.has(code) ? 'connect' : 'ambiguous';
}

/** Short description without the URL or headers (undici messages do not carry them anyway). */
export function describeNetworkError(err: unknown): string {
  const code = codeOf(err);
  const name = err instanceof Error ? err.name : 'Error';
  if (name === 'TimeoutError') return 'request timed out';
  return code ? `network error (${code})` : `network error (${name})`;
}

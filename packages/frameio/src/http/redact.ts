// Credentials must never reach a message, a log line or a serialised error (DESIGN "Secrets").
// Two layers: the exact secrets this client has handled (tokens, client secret, codes) are
// replaced wherever they appear, and well-known credential shapes are masked even when we never
// saw the value (a vendor error echoing a header, a URL with `?code=`).

export const REDACTED = '[REDACTED]';

/** Shorter strings are not treated as secrets: "r" would otherwise be masked everywhere. */
const MIN_SECRET_LENGTH = 6;

const SENSITIVE_KEYS = [
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'code',
  'code_verifier',
  'token',
  'password',
  'passphrase',
  'secret',
];
const KEY_GROUP = SENSITIVE_KEYS.join('|');

const PATTERNS: Array<[RegExp, string]> = [
  // Authorization headers and their values.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
  // key=value in query strings and form bodies.
  [new RegExp(`([?&;\\s]|^)(${KEY_GROUP})=([^&\\s"']*)`, 'gi'), `$1$2=${REDACTED}`],
  // "key": "value" in JSON text.
  [new RegExp(`("(?:${KEY_GROUP})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1"${REDACTED}"`],
];

/** Holds the exact secrets seen by one client, newest first, bounded so it cannot grow forever. */
export class SecretRegistry {
  readonly #secrets: string[] = [];
  readonly #max: number;

  constructor(max = 32) {
    this.#max = max;
  }

  add(secret: string | undefined | null): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return;
    const i = this.#secrets.indexOf(secret);
    if (i === 0) return;
    if (i > 0) this.#secrets.splice(i, 1);
    this.#secrets.unshift(secret);
    if (this.#secrets.length > this.#max) this.#secrets.length = this.#max;
  }

  list(): string[] {
    return [...this.#secrets];
  }

  redact(text: string): string {
    return redactText(text, this.#secrets);
  }

  // Never print the registry itself.
  toJSON(): string {
    return REDACTED;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'SecretRegistry [REDACTED]';
  }
}

export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short strings would turn redaction into noise; real credentials are long.
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    // Secrets also travel URL-encoded (form bodies, query strings).
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Deep copy of a JSON-ish value with every string redacted and sensitive keys masked. */
export function redactValue(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SENSITIVE_KEYS.includes(k.toLowerCase()) ? REDACTED : redactValue(v, secrets, depth + 1);
  }
  return out;
}

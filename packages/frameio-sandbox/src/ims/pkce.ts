import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * RFC 7636: S256 → BASE64URL(SHA256(verifier)); plain → verifier itself (IMS default method,
 * frameio-api-notes.md, "IMS authorize").
 */
export function verifyPkce(challenge: string, method: 'S256' | 'plain', verifier: string): boolean {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return false;
  const computed = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  const a = Buffer.from(computed);
  const b = Buffer.from(challenge);
  return a.length === b.length && timingSafeEqual(a, b);
}

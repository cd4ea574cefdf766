import { createHash, randomBytes } from 'node:crypto';

// PKCE S256 (RFC 7636; IMS supports S256 and defaults to plain, frameio-api-notes.md,
// "IMS authorize") and OAuth `state`.

export interface PkcePair {
  /** Keep server-side (bound to the browser session) until the callback. */
  verifier: string;
  challenge: string;
  method: 'S256';
}

/** 32 random bytes → 43 base64url chars, the RFC 7636 minimum length and plenty of entropy. */
export function createCodeVerifier(bytes = 32): string {
  if (bytes < 32 || bytes > 96) throw new RangeError('PKCE verifier must be 43..128 characters');
  return randomBytes(bytes).toString('base64url');
}

export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createPkcePair(): PkcePair {
  const verifier = createCodeVerifier();
  return { verifier, challenge: codeChallengeS256(verifier), method: 'S256' };
}

/** Unguessable, single-use `state` (≤4096 chars accepted by IMS, frameio-api-notes.md, "IMS authorize"). */
export function createState(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

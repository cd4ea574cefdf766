import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * RS256 keys for id_tokens, published at /ims/keys (frameio-api-notes.md, "IMS endpoints"). Fresh
 * per sandbox start, generated on first use (RSA key generation is slow enough to matter for test
 * start-up).
 */
export class IdTokenSigner {
  private pair: { privateKey: KeyObject; publicKey: KeyObject } | null = null;
  readonly kid = 'sandbox-ims-1';

  private keys(): { privateKey: KeyObject; publicKey: KeyObject } {
    this.pair ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
    return this.pair;
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return {
      keys: [{ ...this.keys().publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' }],
    };
  }

  sign(claims: Record<string, unknown>): string {
    const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: this.kid })}.${b64(claims)}`;
    const sig = createSign('RSA-SHA256').update(input).sign(this.keys().privateKey).toString('base64url');
    return `${input}.${sig}`;
  }
}

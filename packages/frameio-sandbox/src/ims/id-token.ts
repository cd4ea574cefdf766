import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** RS256 keys for id_tokens, published at /ims/keys (REFERENCE.md §7.5). Fresh per sandbox start. */
export class IdTokenSigner {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  readonly kid = 'sandbox-ims-1';

  constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: [{ ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' }] };
  }

  sign(claims: Record<string, unknown>): string {
    const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: this.kid })}.${b64(claims)}`;
    const sig = createSign('RSA-SHA256').update(input).sign(this.privateKey).toString('base64url');
    return `${input}.${sig}`;
  }
}

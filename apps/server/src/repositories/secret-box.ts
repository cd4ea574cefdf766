import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from '../lib/private-files.ts';

/**
 * AES-256-GCM for secrets stored in the database (Frame.io tokens, webhook secrets): a stolen
 * database file alone reveals nothing. Format: `v1.<iv>.<tag>.<ciphertext>`, base64url parts; the
 * version prefix leaves room for key rotation.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /**
   * An HMAC-SHA256 of `text` for one `purpose` (signed links such as unsubscribe), base64url. The
   * purpose is mixed into the key, so a signature made for one use never verifies for another.
   */
  mac(purpose: string, text: string): string {
    const key = createHmac('sha256', this.key).update(`preroll mac: ${purpose}`).digest();
    return createHmac('sha256', key).update(text).digest('base64url');
  }

  isMacOf(purpose: string, text: string, mac: string): boolean {
    const expected = Buffer.from(this.mac(purpose, text));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}

/**
 * The key comes from PREROLL_SECRET_KEY, or for the embedded default is generated once into the
 * data directory (mode 0600) so `npm start` needs no setup. Several machines sharing a database
 * must set PREROLL_SECRET_KEY to the same value.
 */
export function loadSecretKey(opts: { secretKeyHex: string | undefined; dataDir: string }): Buffer {
  if (opts.secretKeyHex) return Buffer.from(opts.secretKeyHex, 'hex');
  const file = path.join(opts.dataDir, 'secret.key');
  try {
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  ensurePrivateDir(opts.dataDir);
  const key = randomBytes(32);
  // 'wx' fails if another process created it first; then read theirs so both use one key.
  try {
    fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  }
}

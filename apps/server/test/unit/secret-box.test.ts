import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSecretKey, SecretBox } from '../../src/repositories/secret-box.ts';

describe('SecretBox', () => {
  const key = Buffer.alloc(32, 7);

  it('round-trips and never contains the plaintext', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('ims-refresh-token-abc123');
    expect(sealed).not.toContain('ims-refresh-token');
    expect(box.open(sealed)).toBe('ims-refresh-token-abc123');
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('rejects a tampered ciphertext and a wrong key', () => {
    const sealed = new SecretBox(key).seal('secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => new SecretBox(key).open(parts.join('.'))).toThrow();
    expect(() => new SecretBox(Buffer.alloc(32, 8)).open(sealed)).toThrow();
    expect(() => new SecretBox(key).open('plain-text')).toThrow(/Not a sealed secret/);
  });

  it('generates the key once into the data dir (0600) and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-key-'));
    const first = loadSecretKey({ secretKeyHex: undefined, dataDir: dir });
    const second = loadSecretKey({ secretKeyHex: undefined, dataDir: dir });
    expect(first.equals(second)).toBe(true);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(
      loadSecretKey({ secretKeyHex: 'ab'.repeat(32), dataDir: dir }).equals(Buffer.alloc(32, 0xab)),
    ).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });
});

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Uploaded bytes on disk, never all in memory: each part PUT is streamed to its own temp file,
 * checked for exact length, then renamed into place (so a repeated or concurrent PUT of the same
 * part is idempotent). When every part is in, the parts are streamed in order into one file
 * while hashing (SHA-256 exposed to tests through the control API).
 */
export class UploadStore {
  private assembling = new Map<string, Promise<{ sha256: string; size: number }>>();

  constructor(
    readonly dataDir: string,
    private readonly key: () => string,
  ) {}

  private partsDir(fileId: string): string {
    return join(this.dataDir, 'parts', fileId);
  }

  assembledPath(fileId: string): string {
    return join(this.dataDir, 'files', fileId);
  }

  sign(value: string): string {
    return createHmac('sha256', this.key()).update(value).digest('hex');
  }

  verify(value: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(value), 'hex');
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Streams one part to disk. Resolves false when the body length was not `expected`. */
  async writePart(fileId: string, n: number, body: Readable, expected: number): Promise<boolean> {
    const dir = this.partsDir(fileId);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `part_${n}.${randomBytes(6).toString('hex')}.tmp`);
    let received = 0;
    body.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    try {
      await pipeline(body, createWriteStream(tmp));
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    if (received !== expected) {
      await rm(tmp, { force: true });
      return false;
    }
    await rename(tmp, join(dir, `part_${n}`));
    return true;
  }

  /** Concatenates parts 1..count into the assembled file; runs once per file. */
  assemble(fileId: string, count: number): Promise<{ sha256: string; size: number }> {
    let p = this.assembling.get(fileId);
    if (!p) {
      p = this.doAssemble(fileId, count);
      this.assembling.set(fileId, p);
    }
    return p;
  }

  private async doAssemble(fileId: string, count: number): Promise<{ sha256: string; size: number }> {
    await mkdir(join(this.dataDir, 'files'), { recursive: true });
    const hash = createHash('sha256');
    const out = createWriteStream(this.assembledPath(fileId));
    let size = 0;
    for (let n = 1; n <= count; n++) {
      const src = createReadStream(join(this.partsDir(fileId), `part_${n}`));
      for await (const chunk of src as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
    }
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    await rm(this.partsDir(fileId), { recursive: true, force: true });
    return { sha256: hash.digest('hex'), size };
  }

  /**
   * A whole file's bytes from a stream (a remote upload), hashed on the way; 'too_large' (and
   * nothing kept) past `maxBytes`.
   */
  async storeWhole(
    fileId: string,
    body: AsyncIterable<Uint8Array>,
    maxBytes: number,
  ): Promise<{ sha256: string; size: number } | 'too_large'> {
    await mkdir(join(this.dataDir, 'files'), { recursive: true });
    const tmp = `${this.assembledPath(fileId)}.${randomBytes(6).toString('hex')}.tmp`;
    const hash = createHash('sha256');
    const out = createWriteStream(tmp);
    let size = 0;
    try {
      for await (const chunk of body) {
        size += chunk.length;
        if (size > maxBytes) {
          out.destroy();
          await rm(tmp, { force: true });
          return 'too_large';
        }
        hash.update(chunk);
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      await new Promise<void>((resolve, reject) =>
        out.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
    } catch (err) {
      out.destroy();
      await rm(tmp, { force: true });
      throw err;
    }
    await rename(tmp, this.assembledPath(fileId));
    return { sha256: hash.digest('hex'), size };
  }

  /** A copy's bytes are a copy of the source's (files.copy). */
  async copyAssembled(fromId: string, toId: string): Promise<void> {
    await mkdir(join(this.dataDir, 'files'), { recursive: true });
    await copyFile(this.assembledPath(fromId), this.assembledPath(toId));
  }

  async assembledSize(fileId: string): Promise<number | null> {
    try {
      return (await stat(this.assembledPath(fileId))).size;
    } catch {
      return null;
    }
  }

  async remove(fileId: string): Promise<void> {
    this.assembling.delete(fileId);
    await rm(this.partsDir(fileId), { recursive: true, force: true });
    await rm(this.assembledPath(fileId), { force: true });
  }

  async removeAll(): Promise<void> {
    this.assembling.clear();
    await rm(join(this.dataDir, 'parts'), { recursive: true, force: true });
    await rm(join(this.dataDir, 'files'), { recursive: true, force: true });
  }
}

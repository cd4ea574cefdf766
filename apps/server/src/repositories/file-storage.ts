import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/**
 * Uploaded media on local disk, under `<dataDir>/uploads`. A storage key is a path relative to that
 * directory (`tus/<upload id>` for files received by tus, which stay where tus wrote them).
 * Everything is streamed: a multi-gigabyte cut never sits in memory.
 */
export class FileStorage {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'uploads');
  }

  /** Where the tus file store keeps uploads in progress (and, once finished, the version file). */
  get tusDirectory(): string {
    return path.join(this.root, 'tus');
  }

  /** Absolute path for a storage key; refuses keys that would escape the uploads directory. */
  pathFor(storageKey: string): string {
    const resolved = path.resolve(this.root, storageKey);
    if (!resolved.startsWith(this.root + path.sep))
      throw new Error(`storage key escapes the uploads directory: ${storageKey}`);
    return resolved;
  }

  async size(storageKey: string): Promise<number | null> {
    try {
      return (await fs.promises.stat(this.pathFor(storageKey))).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async sha256(storageKey: string): Promise<string> {
    const hash = createHash('sha256');
    await pipeline(fs.createReadStream(this.pathFor(storageKey), { highWaterMark: 1024 * 1024 }), hash);
    return hash.digest('hex');
  }

  /** A read stream over bytes start..end inclusive (HTTP Range semantics), or the whole file. */
  openRead(storageKey: string, range?: { start: number; end: number }): fs.ReadStream {
    return fs.createReadStream(this.pathFor(storageKey), range ? { start: range.start, end: range.end } : {});
  }

  /**
   * Copies a file already on this machine (the demo studio's clips) in under `storageKey`,
   * through a temporary name so a reader never sees half a file.
   */
  async copyIn(sourcePath: string, storageKey: string): Promise<number> {
    const target = this.pathFor(storageKey);
    await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const partial = `${target}.partial`;
    await fs.promises.copyFile(sourcePath, partial);
    await fs.promises.chmod(partial, 0o600);
    await fs.promises.rename(partial, target);
    return (await fs.promises.stat(target)).size;
  }

  /** Removes the file and the tus sidecar (`<file>.json`) if any; missing files are fine. */
  async remove(storageKey: string): Promise<void> {
    const file = this.pathFor(storageKey);
    await fs.promises.rm(file, { force: true });
    await fs.promises.rm(`${file}.json`, { force: true });
  }

  /** Removes several files (after a cascade delete); one failure does not stop the rest. */
  async removeAll(storageKeys: string[]): Promise<void> {
    await Promise.allSettled(storageKeys.map((key) => this.remove(key)));
  }
}

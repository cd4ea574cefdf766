import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { derivedKeyOf, type MediaStorage, type UploadDataStore } from './media-storage.ts';
import { guardStorage } from './storage-failure.ts';
import { TusUploadStore } from './tus-upload-store.ts';

/**
 * Media on local disk, under `<dataDir>/uploads` (the default MediaStorage). A storage key is a
 * path relative to that directory (`tus/<upload id>` for files received by tus, which stay where
 * tus wrote them). Everything is streamed: a multi-gigabyte cut never sits in memory.
 */
export class FileStorage implements MediaStorage {
  readonly kind = 'local' as const;
  readonly root: string;
  private tus: TusUploadStore | undefined;

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

  /** Streaming SHA-256; `onBytes` hears the running count of bytes read (analysis progress). */
  async sha256(storageKey: string, onBytes?: (read: number) => void): Promise<string> {
    const hash = createHash('sha256');
    const stream = fs.createReadStream(this.pathFor(storageKey), { highWaterMark: 1024 * 1024 });
    if (onBytes) stream.on('data', () => onBytes(stream.bytesRead));
    await pipeline(stream, hash);
    return hash.digest('hex');
  }

  /** A read stream over bytes start..end inclusive (HTTP Range semantics), or the whole file. */
  async openRead(storageKey: string, range?: { start: number; end: number }): Promise<Readable> {
    return fs.createReadStream(this.pathFor(storageKey), range ? { start: range.start, end: range.end } : {});
  }

  /** ffmpeg reads the file where it is. */
  async inputFor(storageKey: string): Promise<string> {
    return this.pathFor(storageKey);
  }

  uploadStore(): UploadDataStore {
    this.tus ??= new TusUploadStore(this.tusDirectory);
    return this.tus;
  }

  /** The uploads directory takes a write (a full disk or a read-only mount fails it). */
  async checkWritable(): Promise<void> {
    const probe = path.join(this.root, `.readyz-${process.pid}`);
    await guardStorage(async () => {
      await fs.promises.mkdir(this.root, { recursive: true, mode: 0o700 });
      await fs.promises.writeFile(probe, 'ok', { mode: 0o600 });
      await fs.promises.rm(probe, { force: true });
    });
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
    // Recursive: a version's `derived/<id>` directory is removed through the same call.
    await fs.promises.rm(file, { force: true, recursive: true });
    await fs.promises.rm(`${file}.json`, { force: true });
  }

  /**
   * The key of something made from a version (proxy, poster, thumbnails, waveform): all of a
   * version's derived files live under `derived/<version id>/`, removed together.
   */
  derivedKey(versionId: string, name: string): string {
    return derivedKeyOf(versionId, name);
  }

  /** A path ffmpeg may write to for this key (its directory made, private like the data dir). */
  async prepareWrite(storageKey: string): Promise<string> {
    const file = this.pathFor(storageKey);
    await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    return file;
  }

  /** Moves a finished file into place in one step: readers never see half of it. */
  async commit(fromKey: string, toKey: string): Promise<void> {
    await fs.promises.rename(this.pathFor(fromKey), await this.prepareWrite(toKey));
  }

  async writeText(storageKey: string, text: string): Promise<void> {
    const partial = `${storageKey}.partial`;
    await fs.promises.writeFile(await this.prepareWrite(partial), text, { mode: 0o600 });
    await this.commit(partial, storageKey);
  }

  /** Size and modification time (for ETags), or null when the file is not there. */
  async stat(storageKey: string): Promise<{ size: number; mtimeMs: number } | null> {
    try {
      const st = await fs.promises.stat(this.pathFor(storageKey));
      return { size: st.size, mtimeMs: Math.floor(st.mtimeMs) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Removes everything made from these versions; missing directories are fine. */
  async removeDerived(versionIds: string[]): Promise<void> {
    await Promise.allSettled(
      versionIds.map((id) =>
        fs.promises.rm(path.dirname(this.pathFor(this.derivedKey(id, 'x'))), {
          recursive: true,
          force: true,
        }),
      ),
    );
  }

  /** Removes several files (after a cascade delete); one failure does not stop the rest. */
  async removeAll(storageKeys: string[]): Promise<void> {
    await Promise.allSettled(storageKeys.map((key) => this.remove(key)));
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataStore, ERRORS, Upload } from '@tus/server';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../lib/private-files.ts';
import type { UnfinishedUpload, UploadDataStore } from './media-storage.ts';
import { guardStorage } from './storage-failure.ts';

/** tus's own ids (16 random bytes in hex): nothing else ever becomes a file name here. */
const UPLOAD_ID = /^[0-9a-f]{32}$/;

export type { UnfinishedUpload } from './media-storage.ts';

/** The tus info kept next to an upload's file (the same JSON @tus/file-store writes). */
interface UploadInfo {
  size?: number;
  metadata?: Record<string, string | null>;
  creation_date?: string;
}

/**
 * The tus data store on local disk: upload `<id>` is the file `<dir>/<id>`, its tus info the
 * sidecar `<dir>/<id>.json`, the layout of @tus/file-store, so uploads begun before keep resuming.
 * Ours rather than the library's so that files are 0600 in a 0700 directory, and disk full,
 * read-only or permission errors surface as StorageFailure (answered 507/503 without paths) where
 * the library answers a bare 500 or the raw message with the file's path. Upload-Defer-Length is
 * not offered: every upload declares its length, so the size limit and the free-space check
 * apply when it is created (docs/uploads-and-review.md, "Limits").
 */
export class TusUploadStore extends DataStore implements UploadDataStore {
  constructor(readonly directory: string) {
    super();
    this.extensions = ['creation', 'creation-with-upload', 'termination'];
    // The uploads root and its tus folder, both private.
    ensurePrivateDir(path.dirname(directory));
    ensurePrivateDir(directory);
  }

  override async create(upload: Upload): Promise<Upload> {
    const file = this.fileOf(upload.id);
    await guardStorage(async () => {
      await fs.promises.writeFile(file, '', { mode: PRIVATE_FILE_MODE, flag: 'wx' });
      try {
        await fs.promises.writeFile(this.infoOf(upload.id), JSON.stringify(upload), {
          mode: PRIVATE_FILE_MODE,
        });
      } catch (err) {
        // No half-created upload: a file without its sidecar could never be resumed nor expired.
        await fs.promises.rm(file, { force: true });
        throw err;
      }
    });
    upload.storage = { type: 'file', path: file };
    return upload;
  }

  /** Appends at `offset`. On failure the bytes already written stay: HEAD reports them. */
  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    const file = this.fileOf(id);
    let received = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        done(null, chunk);
      },
    });
    await guardStorage(() =>
      pipeline(readable, counter, fs.createWriteStream(file, { flags: 'r+', start: offset })),
    );
    return offset + received;
  }

  override async getUpload(id: string): Promise<Upload> {
    const file = this.fileOf(id);
    const info = await this.readInfo(id);
    if (!info) throw ERRORS.FILE_NOT_FOUND;
    const stats = await this.statOrNull(file);
    if (!stats) throw ERRORS.FILE_NO_LONGER_EXISTS;
    if (!stats.isFile()) throw ERRORS.FILE_NOT_FOUND;
    return new Upload({
      id,
      size: info.size,
      offset: stats.size,
      metadata: info.metadata,
      creation_date: info.creation_date,
      storage: { type: 'file', path: file },
    });
  }

  override async remove(id: string): Promise<void> {
    const file = this.fileOf(id);
    await guardStorage(async () => {
      await fs.promises.rm(file, { force: true });
      await fs.promises.rm(this.infoOf(id), { force: true });
    });
  }

  /** Bytes available to the server on the uploads file system. */
  async freeBytes(): Promise<number> {
    const stats = await guardStorage(() => fs.promises.statfs(this.directory));
    return stats.bavail * stats.bsize;
  }

  /** Every upload with fewer bytes than it declared; finished uploads (version files) never appear. */
  async listUnfinished(): Promise<UnfinishedUpload[]> {
    const names = await guardStorage(() => fs.promises.readdir(this.directory));
    const unfinished: UnfinishedUpload[] = [];
    for (const name of names) {
      const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
      if (!UPLOAD_ID.test(id)) continue;
      const info = await this.readInfo(id);
      if (!info) continue;
      const stats = await this.statOrNull(this.fileOf(id));
      const received = stats?.size ?? 0;
      if (info.size !== undefined && received >= info.size) continue;
      const created = Date.parse(info.creation_date ?? '') || 0;
      unfinished.push({
        id,
        orgId: info.metadata?.org_id ?? null,
        lastActivity: new Date(Math.max(created, stats?.mtimeMs ?? 0)),
      });
    }
    return unfinished;
  }

  private fileOf(id: string): string {
    if (!UPLOAD_ID.test(id)) throw ERRORS.FILE_NOT_FOUND;
    return path.join(this.directory, id);
  }

  private infoOf(id: string): string {
    return `${this.fileOf(id)}.json`;
  }

  private async readInfo(id: string): Promise<UploadInfo | undefined> {
    let text: string;
    try {
      text = await guardStorage(() => fs.promises.readFile(this.infoOf(id), 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      return JSON.parse(text) as UploadInfo;
    } catch {
      return undefined; // a torn sidecar (crash mid-write): the upload cannot be resumed
    }
  }

  private async statOrNull(file: string): Promise<fs.Stats | null> {
    try {
      return await guardStorage(() => fs.promises.stat(file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
}

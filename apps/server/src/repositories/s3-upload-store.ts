import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { DataStore, ERRORS, Upload } from '@tus/server';
import type { UnfinishedUpload, UploadDataStore } from './media-storage.ts';
import { guardS3 } from './s3-errors.ts';
import {
  abortMultipart,
  completeMultipart,
  createMultipart,
  type DonePart,
  PartBuffer,
  partSizeFor,
  uploadPart,
} from './s3-multipart.ts';
import { StorageFailure } from './storage-failure.ts';

/** The bucket as this store uses it (S3Storage). */
export interface S3Objects {
  readonly client: S3Client;
  readonly bucket: string;
  putObject(key: string, body: Buffer): Promise<void>;
  getObject(key: string): Promise<Buffer | null>;
  deleteObject(key: string): Promise<void>;
  list(prefix: string): Promise<Array<{ key: string; lastModified: Date }>>;
}

/** tus's own ids (16 random bytes in hex): nothing else ever becomes a key here. */
const UPLOAD_ID = /^[0-9a-f]{32}$/;

/** The tus info of an upload in the bucket (`tus/<id>.json`): the one record of its progress. */
interface S3UploadInfo {
  size?: number;
  metadata?: Record<string, string | null>;
  creation_date?: string;
  /** The S3 multipart upload the bytes go into, once a whole part has arrived. */
  uploadId?: string;
  parts: DonePart[];
  /** Bytes received after the last whole part, kept as the object `tus/<id>.part`. */
  pending: number;
  completed: boolean;
}

/**
 * The tus data store on S3 (docs/deploy.md, "Storage"): upload `<id>` becomes the object
 * `tus/<id>`, the same storage key as on local disk. Bytes go into an S3 multipart upload one
 * part at a time (at most one part in memory per upload); a PATCH that ends between parts keeps
 * its tail as `tus/<id>.part`, and the info object records parts and tail, so an upload resumes
 * from exactly the bytes stored, in any process. The last byte completes the multipart upload.
 * Ours rather than @tus/s3-store because that one needs ListParts, which S3-compatible test
 * servers lack, and so that failures surface as StorageFailure (503 storage_unavailable).
 */
export class S3UploadStore extends DataStore implements UploadDataStore {
  readonly directory = 'tus/';

  constructor(private readonly storage: S3Objects) {
    super();
    this.extensions = ['creation', 'creation-with-upload', 'termination'];
  }

  override async create(upload: Upload): Promise<Upload> {
    const key = keyOf(upload.id);
    const info: S3UploadInfo = {
      size: upload.size,
      metadata: upload.metadata,
      creation_date: upload.creation_date,
      parts: [],
      pending: 0,
      completed: false,
    };
    if (upload.size === 0) {
      await this.storage.putObject(key, Buffer.alloc(0));
      info.completed = true;
    }
    await this.saveInfo(upload.id, info);
    upload.storage = { type: 's3', path: key, bucket: this.storage.bucket };
    return upload;
  }

  /** Appends at `offset` (tus checked it under the upload's lock). */
  override async write(readable: Readable, id: string, _offset: number): Promise<number> {
    const info = await this.readInfo(id);
    if (!info) throw ERRORS.FILE_NOT_FOUND;
    const key = keyOf(id);
    const target = () => ({ bucket: this.storage.bucket, key, uploadId: info.uploadId ?? '' });
    const partSize = partSizeFor(info.size ?? 0);
    const buffered = new PartBuffer();
    if (info.pending > 0) {
      const tail = await this.storage.getObject(`${key}.part`);
      if (!tail || tail.length < info.pending) {
        // Never continue from fewer bytes than the offset tus promised: the file would shift.
        throw new StorageFailure('unavailable', 'UploadTailMissing', { cause: new Error(`tus/${id}.part`) });
      }
      buffered.push(tail.subarray(0, info.pending));
    }
    const tailAtStart = buffered.length;
    const flushPart = async () => {
      info.uploadId ??= await guardS3(() => createMultipart(this.storage.client, this.storage.bucket, key));
      const part = buffered.first(partSize);
      const done = await guardS3(() =>
        uploadPart(this.storage.client, target(), info.parts.length + 1, part, part.length),
      );
      buffered.drop(part.length);
      info.parts.push(done);
      info.pending = 0;
      // Recorded at once: a crash after this point resumes after this part.
      await this.saveInfo(id, info);
    };
    let failure: unknown;
    try {
      for await (const chunk of readable) {
        buffered.push(chunk as Buffer);
        while (buffered.length >= partSize) await flushPart();
      }
    } catch (err) {
      // The store failed: the info object still describes exactly the bytes stored; keep it so.
      if (err instanceof StorageFailure) throw err;
      // The client went away mid-request: what arrived is kept, as on local disk.
      failure = err;
    }
    const received = stored(info) - info.pending + buffered.length;
    if (info.size !== undefined && received >= info.size) {
      if (info.uploadId) {
        if (buffered.length > 0) {
          const last = buffered.peek();
          info.parts.push(
            await guardS3(() =>
              uploadPart(this.storage.client, target(), info.parts.length + 1, last, last.length),
            ),
          );
        }
        await guardS3(() => completeMultipart(this.storage.client, target(), info.parts));
      } else {
        await this.storage.putObject(key, buffered.peek());
      }
      info.completed = true;
      info.pending = 0;
      await this.saveInfo(id, info);
      await this.storage.deleteObject(`${key}.part`).catch(() => undefined);
    } else if (buffered.length !== tailAtStart || info.pending !== buffered.length) {
      await this.storage.putObject(`${key}.part`, buffered.peek());
      info.pending = buffered.length;
      await this.saveInfo(id, info);
    }
    if (failure) throw failure;
    return received;
  }

  override async getUpload(id: string): Promise<Upload> {
    const info = await this.readInfo(id);
    if (!info) throw ERRORS.FILE_NOT_FOUND;
    return new Upload({
      id,
      size: info.size,
      offset: info.completed ? (info.size ?? 0) : stored(info),
      metadata: info.metadata,
      creation_date: info.creation_date,
      storage: { type: 's3', path: keyOf(id), bucket: this.storage.bucket },
    });
  }

  override async remove(id: string): Promise<void> {
    const key = keyOf(id);
    const info = await this.readInfo(id);
    if (info?.uploadId && !info.completed) {
      await abortMultipart(this.storage.client, {
        bucket: this.storage.bucket,
        key,
        uploadId: info.uploadId,
      });
    }
    await this.storage.deleteObject(key);
    await this.storage.deleteObject(`${key}.part`);
    await this.storage.deleteObject(`${key}.json`);
  }

  /** An object store has no free-space limit to check. */
  async freeBytes(): Promise<number | null> {
    return null;
  }

  async listUnfinished(): Promise<UnfinishedUpload[]> {
    const unfinished: UnfinishedUpload[] = [];
    for (const { key, lastModified } of await this.storage.list('tus/')) {
      const id = key.endsWith('.json') ? key.slice('tus/'.length, -'.json'.length) : '';
      if (!UPLOAD_ID.test(id)) continue;
      const info = await this.readInfo(id);
      if (!info || info.completed) continue;
      const created = Date.parse(info.creation_date ?? '') || 0;
      unfinished.push({
        id,
        orgId: info.metadata?.org_id ?? null,
        lastActivity: new Date(Math.max(created, lastModified.getTime())),
      });
    }
    return unfinished;
  }

  private async readInfo(id: string): Promise<S3UploadInfo | undefined> {
    const body = await this.storage.getObject(`${keyOf(id)}.json`);
    if (!body) return undefined;
    try {
      return JSON.parse(body.toString('utf8')) as S3UploadInfo;
    } catch {
      return undefined;
    }
  }

  private saveInfo(id: string, info: S3UploadInfo): Promise<void> {
    return this.storage.putObject(`${keyOf(id)}.json`, Buffer.from(JSON.stringify(info)));
  }
}

function keyOf(id: string): string {
  if (!UPLOAD_ID.test(id)) throw ERRORS.FILE_NOT_FOUND;
  return `tus/${id}`;
}

/** Bytes stored so far: whole parts plus the pending tail. */
function stored(info: S3UploadInfo): number {
  return info.parts.reduce((sum, p) => sum + p.size, 0) + info.pending;
}

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { StorageConfig } from '../config/config.ts';
import { ensurePrivateDir } from '../lib/private-files.ts';
import { derivedKeyOf, type MediaStorage, type StoredStat, type UploadDataStore } from './media-storage.ts';
import { guardS3, isMissing } from './s3-errors.ts';
import { putFileMultipart } from './s3-multipart.ts';
import { S3UploadStore } from './s3-upload-store.ts';

export type S3Settings = Extract<StorageConfig, { kind: 's3' }>;

/** Files up to this size go up in one PUT; larger ones in parts (S3 caps a single PUT at 5 GB). */
const SINGLE_PUT_MAX = 64 * 1024 * 1024;
/**
 * How long ffmpeg's presigned input URL stays valid: longer than any job may run (a proxy of a
 * long master), so a transcode never loses its input half way.
 */
const INPUT_URL_SECONDS = 12 * 3600;

/**
 * Media in an S3-compatible bucket (docs/deploy.md, "Storage"). Keys are the storage keys as they
 * are (`tus/<upload id>`, `derived/<version id>/proxy.mp4`, …). ffmpeg reads originals through
 * presigned GET URLs and writes its outputs to a staging file under `<dataDir>/staging`, which
 * commit() uploads; so only finished files ever appear in the bucket.
 */
export class S3Storage implements MediaStorage {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  readonly bucket: string;
  private readonly staging: string;
  private tus: S3UploadStore | undefined;

  constructor(settings: S3Settings, dataDir: string) {
    this.bucket = settings.bucket;
    this.staging = path.join(dataDir, 'staging');
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.credentials,
      // An unreachable endpoint fails a request in seconds, not minutes (503 storage_unavailable).
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 5000, requestTimeout: 120_000 },
      // Plain signed payloads: S3-compatible servers do not all accept the SDK's checksum trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async size(storageKey: string): Promise<number | null> {
    return (await this.stat(storageKey))?.size ?? null;
  }

  async stat(storageKey: string): Promise<StoredStat | null> {
    try {
      const head = await guardS3(() =>
        this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: storageKey })),
      );
      return { size: Number(head.ContentLength ?? 0), mtimeMs: head.LastModified?.getTime() ?? 0 };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async sha256(storageKey: string, onBytes?: (read: number) => void): Promise<string> {
    const hash = createHash('sha256');
    let read = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        read += chunk.length;
        onBytes?.(read);
        done(null, chunk);
      },
    });
    await guardS3(async () => pipeline(await this.openRead(storageKey), counter, hash));
    return hash.digest('hex');
  }

  async openRead(storageKey: string, range?: { start: number; end: number }): Promise<Readable> {
    const out = await guardS3(() =>
      this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: storageKey,
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      ),
    );
    return out.Body as Readable;
  }

  inputFor(storageKey: string): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: storageKey }), {
      expiresIn: INPUT_URL_SECONDS,
    });
  }

  async copyIn(sourcePath: string, storageKey: string): Promise<number> {
    return this.putFile(storageKey, sourcePath);
  }

  derivedKey(versionId: string, name: string): string {
    return derivedKeyOf(versionId, name);
  }

  async prepareWrite(storageKey: string): Promise<string> {
    ensurePrivateDir(this.staging);
    return this.stagingPath(storageKey);
  }

  async commit(fromKey: string, toKey: string): Promise<void> {
    const staged = this.stagingPath(fromKey);
    await this.putFile(toKey, staged);
    await fs.promises.rm(staged, { force: true });
  }

  async writeText(storageKey: string, text: string): Promise<void> {
    await this.putObject(storageKey, Buffer.from(text, 'utf8'));
  }

  /** Puts a whole small object (tus info, a pending part, text). */
  async putObject(storageKey: string, body: Buffer): Promise<void> {
    await guardS3(() =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: storageKey,
          Body: body,
          ContentLength: body.length,
        }),
      ),
    );
  }

  /** A whole small object, or null when it is not there. */
  async getObject(storageKey: string): Promise<Buffer | null> {
    try {
      const body = await this.openRead(storageKey);
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async remove(storageKey: string): Promise<void> {
    await fs.promises.rm(this.stagingPath(storageKey), { force: true });
    const derived = /^derived\/([0-9a-f-]{36})$/i.exec(storageKey);
    if (derived) {
      // A version's derived files as one key (a cascade delete names them so): every object under it.
      await this.removeDerived([derived[1]!]);
      return;
    }
    if (storageKey.startsWith('tus/')) {
      // An upload's object, its tus info and its pending bytes go together.
      await this.uploadStore().remove(storageKey.slice('tus/'.length));
      return;
    }
    await this.deleteObject(storageKey);
  }

  async deleteObject(storageKey: string): Promise<void> {
    await guardS3(() => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: storageKey })));
  }

  async removeDerived(versionIds: string[]): Promise<void> {
    await Promise.allSettled(
      versionIds.map(async (id) => {
        const prefix = `${path.posix.dirname(this.derivedKey(id, 'x'))}/`;
        for (const key of await this.list(prefix)) await this.deleteObject(key.key);
      }),
    );
  }

  async removeAll(storageKeys: string[]): Promise<void> {
    await Promise.allSettled(storageKeys.map((key) => this.remove(key)));
  }

  /** Every object under `prefix`, with its last change. */
  async list(prefix: string): Promise<Array<{ key: string; lastModified: Date }>> {
    const found: Array<{ key: string; lastModified: Date }> = [];
    let token: string | undefined;
    do {
      const page = await guardS3(() =>
        this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
        ),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key) found.push({ key: o.Key, lastModified: o.LastModified ?? new Date(0) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found;
  }

  uploadStore(): UploadDataStore {
    this.tus ??= new S3UploadStore(this);
    return this.tus;
  }

  /** The bucket takes a write with these credentials (`/readyz`). */
  async checkWritable(): Promise<void> {
    const key = `.readyz/${process.pid}`;
    await this.putObject(key, Buffer.from('ok'));
    await this.deleteObject(key);
  }

  private async putFile(storageKey: string, file: string): Promise<number> {
    const { size } = await fs.promises.stat(file);
    if (size <= SINGLE_PUT_MAX) {
      await guardS3(() =>
        this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: storageKey,
            Body: size === 0 ? Buffer.alloc(0) : fs.createReadStream(file),
            ContentLength: size,
          }),
        ),
      );
    } else {
      await guardS3(() => putFileMultipart(this.client, this.bucket, storageKey, file, size));
    }
    return size;
  }

  /** A flat, private staging file name for a key (its `/` kept out of the file name). */
  private stagingPath(storageKey: string): string {
    return path.join(this.staging, storageKey.replace(/[^A-Za-z0-9.-]/g, '_'));
  }
}

import fs from 'node:fs';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';

/** A part already in a multipart upload. */
export interface DonePart {
  n: number;
  etag: string;
  size: number;
}

/** S3's smallest part (all but the last) and its largest part count. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;

/** The part size for a file of `size` bytes: 8 MiB, larger when the file needs it to stay within 10,000 parts. */
export function partSizeFor(size: number): number {
  const mib = 1024 * 1024;
  return Math.max(8 * mib, Math.ceil(size / (MAX_PARTS - 100) / mib) * mib);
}

export async function createMultipart(client: S3Client, bucket: string, key: string): Promise<string> {
  const out = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  if (!out.UploadId) throw new Error('S3 gave no UploadId');
  return out.UploadId;
}

export async function uploadPart(
  client: S3Client,
  target: { bucket: string; key: string; uploadId: string },
  n: number,
  body: Buffer | fs.ReadStream,
  size: number,
): Promise<DonePart> {
  const out = await client.send(
    new UploadPartCommand({
      Bucket: target.bucket,
      Key: target.key,
      UploadId: target.uploadId,
      PartNumber: n,
      Body: body,
      ContentLength: size,
    }),
  );
  return { n, etag: out.ETag ?? '', size };
}

export async function completeMultipart(
  client: S3Client,
  target: { bucket: string; key: string; uploadId: string },
  parts: DonePart[],
): Promise<void> {
  await client.send(
    new CompleteMultipartUploadCommand({
      Bucket: target.bucket,
      Key: target.key,
      UploadId: target.uploadId,
      MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.n, ETag: p.etag })) },
    }),
  );
}

/** Best effort: a store that cannot abort (or an upload already gone) leaves parts to its lifecycle rules. */
export async function abortMultipart(
  client: S3Client,
  target: { bucket: string; key: string; uploadId: string },
): Promise<void> {
  await client
    .send(
      new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: target.key, UploadId: target.uploadId }),
    )
    .catch(() => undefined);
}

/** Uploads a local file in parts, streamed from disk one part at a time. */
export async function putFileMultipart(
  client: S3Client,
  bucket: string,
  key: string,
  file: string,
  size: number,
): Promise<void> {
  const uploadId = await createMultipart(client, bucket, key);
  const target = { bucket, key, uploadId };
  const partSize = partSizeFor(size);
  const parts: DonePart[] = [];
  try {
    for (let start = 0, n = 1; start < size; start += partSize, n++) {
      const length = Math.min(partSize, size - start);
      const body = fs.createReadStream(file, { start, end: start + length - 1 });
      parts.push(await uploadPart(client, target, n, body, length));
    }
    await completeMultipart(client, target, parts);
  } catch (err) {
    await abortMultipart(client, target);
    throw err;
  }
}

/**
 * Bytes waiting to become a part: chunks kept as they arrive and joined once per part, so a
 * request body in small chunks costs one copy per byte, not one per chunk.
 */
export class PartBuffer {
  private chunks: Buffer[] = [];
  length = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The first `n` bytes (or all there are), left in place until drop(). */
  first(n: number): Buffer {
    return this.peek().subarray(0, n);
  }

  /** Forgets the first `n` bytes (once they are stored). */
  drop(n: number): void {
    const rest = this.peek().subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
  }

  /** Everything buffered, left in place. */
  peek(): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
    this.chunks = all.length > 0 ? [all] : [];
    return all;
  }
}

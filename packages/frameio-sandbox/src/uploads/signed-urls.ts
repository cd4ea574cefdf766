import type { SandboxRuntime } from '../http/runtime.ts';

/**
 * S3-style presigned part URLs pointing at the sandbox itself (the example URL shape in
 * frameio-api-notes.md, "Local upload flow").
 */
export function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

export function partSignatureInput(fileId: string, n: number, date: string, expires: string): string {
  return `part:${fileId}:${n}:${date}:${expires}`;
}

export function partUrl(
  rt: SandboxRuntime,
  fileId: string,
  n: number,
  issuedAtMs: number,
  ttlSeconds: number,
): string {
  const date = amzDate(issuedAtMs);
  const expires = String(ttlSeconds);
  const sig = rt.uploads.sign(partSignatureInput(fileId, n, date, expires));
  const q = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Date': date,
    'X-Amz-Expires': expires,
    'X-Amz-SignedHeaders': 'content-type;host;x-amz-acl',
    'X-Amz-Signature': sig,
  });
  return `${rt.publicUrl}/_s3/parts/${fileId}/part_${n}?${q.toString()}`;
}

export function parseAmzDate(s: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

export type Rendition =
  | 'original'
  | 'efficient'
  | 'high_quality'
  | 'video_h264_180'
  | 'thumbnail'
  | 'thumbnail_high_quality'
  | 'scrub_sheet';

/** Media links are unauthenticated signed URLs (like CDN links); `download` adds Content-Disposition: attachment. */
export function mediaUrl(
  rt: SandboxRuntime,
  fileId: string,
  rendition: Rendition,
  disposition: 'inline' | 'attachment',
): string {
  const sig = rt.uploads.sign(`media:${fileId}:${rendition}`);
  return `${rt.publicUrl}/_media/${fileId}/${rendition}?disposition=${disposition}&sig=${sig}`;
}

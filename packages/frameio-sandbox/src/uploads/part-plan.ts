/**
 * How a local upload is cut into presigned parts (frameio-api-notes.md, "Local upload flow": the
 * real algorithm is UNCONFIRMED). The one data point — 50,645,990 bytes → 16,881,997 + 16,881,997 +
 * 16,881,996 — fits "as few near-equal parts as possible, none above 20 MiB, remainder taken off
 * the last". (choice) The cap is 20 MiB, raised for huge files so there are never more than 10,000
 * parts (S3's multipart limit); anything up to 20 MiB (so every file below ~10 MB, as the Getting
 * Started guide implies) gets a single URL.
 */
export const MAX_PART_BYTES = 20 * 1024 * 1024;
export const MAX_PARTS = 10_000;

export function planParts(fileSize: number): number[] {
  if (!Number.isInteger(fileSize) || fileSize < 1) throw new Error('file_size must be a positive integer');
  const cap = Math.max(MAX_PART_BYTES, Math.ceil(fileSize / MAX_PARTS));
  const count = Math.ceil(fileSize / cap);
  const base = Math.ceil(fileSize / count);
  const parts = Array.from({ length: count }, () => base);
  parts[count - 1] = fileSize - base * (count - 1);
  return parts;
}

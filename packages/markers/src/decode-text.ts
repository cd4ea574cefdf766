import { MarkerParseError } from './marker-types.ts';

// Marker files arrive as bytes from many tools: UTF-8 with or without a byte-order mark,
// UTF-16 (Windows tools, older Avid builds write it with a BOM), or a single-byte Windows
// code page. Decode them once here; a file with NUL bytes that is not UTF-16 is binary.

export function decodeMarkerFile(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.includes(0)) throw new MarkerParseError('This is a binary file, not a text marker file');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

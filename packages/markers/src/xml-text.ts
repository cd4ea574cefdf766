import { xmlSafe } from './note-text.ts';

/**
 * Escapes a value for XML text or a double-quoted attribute. Line breaks and tabs become
 * character references: an XML parser turns literal ones inside attributes into spaces
 * (attribute-value normalization), which would flatten a multi-line note.
 */
export function escapeXml(value: string): string {
  return xmlSafe(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
    .replaceAll('\r', '&#13;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\t', '&#9;');
}

/** ` name="value"` pairs, each value escaped; undefined values are left out. */
export function attributes(pairs: Record<string, string | number | undefined>): string {
  return Object.entries(pairs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

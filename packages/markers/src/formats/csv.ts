import { framesToSeconds } from '@preroll/timecode';
import type { MarkerDocument, MarkerNote } from '../marker-types.ts';
import { lengthOf, oneLine, xmlSafe } from '../note-text.ts';
import { timecodeOf } from '../timing-text.ts';

// A spreadsheet of the notes (RFC 4180: comma-separated, CRLF, fields quoted when they hold a
// comma, quote or line break), with a UTF-8 byte-order mark so Excel reads accents correctly.
// Timecode Out is the frame after the note (as in an EDL). A field starting with = + - @ or a tab
// is prefixed with ' so a spreadsheet shows it as text instead of running it as a formula; the
// importer removes that prefix again.

export const CSV_HEADER = [
  'Timecode In',
  'Timecode Out',
  'Frame',
  'Duration Frames',
  'Seconds',
  'Author',
  'Visibility',
  'Status',
  'Text',
  'Link',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The note and its replies, one per line (the author and the link have their own columns). */
export function csvText(note: MarkerNote): string {
  return [xmlSafe(note.body), ...note.replies.map((r) => `↳ ${oneLine(r.author)}: ${xmlSafe(r.body)}`)].join(
    '\n',
  );
}

export function writeCsv(doc: MarkerDocument): string {
  const t = doc.timing;
  const rows = [CSV_HEADER.join(',')];
  for (const note of doc.notes) {
    rows.push(
      [
        timecodeOf(note.frame, t),
        timecodeOf(note.frame + lengthOf(note), t),
        String(note.frame),
        note.durationFrames === null ? '' : String(note.durationFrames),
        framesToSeconds(note.frame, t.rate).toFixed(6),
        oneLine(note.author),
        note.visibility,
        note.completed ? 'done' : 'open',
        csvText(note),
        note.link ?? '',
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}

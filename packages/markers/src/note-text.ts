import type { MarkerNote } from './marker-types.ts';

// How a note (its text, author, replies and link) becomes marker text. Multi-line formats
// (FCPXML note, xmeml comment, CSV, the report) keep line breaks; single-line formats (EDL
// locators, Resolve notes, the Avid list) get one line with ASCII separators, because CMX-era
// readers take a line break as the end of the field and some mangle anything past ASCII there.

const TITLE_MAX_CHARS = 80;

/** Whether XML 1.0 can carry this UTF-16 code unit at position i of text. */
function isXmlChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x20) return c === 0x09 || c === 0x0a || c === 0x0d;
  if (c === 0xfffe || c === 0xffff) return false;
  if (c >= 0xd800 && c <= 0xdbff) return i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
  if (c >= 0xdc00 && c <= 0xdfff) return i > 0 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800;
  return true;
}

/**
 * Text with every character XML 1.0 cannot hold (C0 controls but tab/LF/CR, lone surrogates,
 * U+FFFE/FFFF) replaced by U+FFFD, and no other change.
 */
export function xmlSafe(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (isXmlChar(text, i)) continue;
    out += `${text.slice(from, i)}\uFFFD`;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** One line: any run of whitespace (line breaks and tabs included) becomes one space. */
export function oneLine(text: string): string {
  return xmlSafe(text).replace(/\s+/g, ' ').trim();
}

/** The short label: the body's first non-empty line, at most 80 characters. */
export function noteTitle(note: Pick<MarkerNote, 'body'>): string {
  const first = note.body.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
  const line = oneLine(first);
  return line.length > TITLE_MAX_CHARS ? `${line.slice(0, TITLE_MAX_CHARS - 1)}…` : line;
}

/** The whole note on several lines: body, "— author", one "↳ author: reply" per reply, link. */
export function noteFullText(note: MarkerNote): string {
  const lines = [xmlSafe(note.body), `— ${oneLine(note.author)}`];
  for (const r of note.replies) lines.push(`↳ ${oneLine(r.author)}: ${xmlSafe(r.body)}`);
  if (note.link) lines.push(note.link);
  return lines.join('\n');
}

/** The whole note on one line: "body -- author >> author: reply … link". */
export function noteOneLine(note: MarkerNote): string {
  const parts = [`${oneLine(note.body)} -- ${oneLine(note.author)}`];
  for (const r of note.replies) parts.push(`>> ${oneLine(r.author)}: ${oneLine(r.body)}`);
  if (note.link) parts.push(note.link);
  return parts.join(' ');
}

export type NoteColour = 'red' | 'yellow' | 'green';

/**
 * One colour scheme for every format that has colours: red = open note the client sees,
 * yellow = open internal note, green = done. A merged marker takes the most urgent of its notes.
 */
export function noteColour(notes: readonly Pick<MarkerNote, 'completed' | 'visibility'>[]): NoteColour {
  const open = notes.filter((n) => !n.completed);
  if (open.some((n) => n.visibility === 'client')) return 'red';
  return open.length > 0 ? 'yellow' : 'green';
}

/** The marker's length in frames: its duration, or one frame for a point note. */
export function lengthOf(note: Pick<MarkerNote, 'durationFrames'>): number {
  return Math.max(1, note.durationFrames ?? 1);
}

/**
 * Notes on the same frame as one group, for formats that hold one marker per frame (Resolve,
 * Avid locators): merging keeps every note on its frame instead of nudging one off it.
 */
export function groupByFrame(notes: readonly MarkerNote[]): MarkerNote[][] {
  const groups: MarkerNote[][] = [];
  for (const note of notes) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.frame === note.frame) last.push(note);
    else groups.push([note]);
  }
  return groups;
}

/** Separator between merged notes in one single-line marker (no '|', which Resolve reserves). */
export const MERGED_SEPARATOR = ' // ';

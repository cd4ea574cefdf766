import type { MarkerDocument } from '../marker-types.ts';
import {
  groupByFrame,
  lengthOf,
  MERGED_SEPARATOR,
  noteColour,
  noteOneLine,
  noteTitle,
} from '../note-text.ts';
import { assertEditorRate, timecodeOf } from '../timing-text.ts';
import { edlEventLine, edlHeader } from './edl.ts';

// DaVinci Resolve's timeline-marker EDL (what Timelines > Export > Timeline Markers to EDL
// writes and Import > Timeline Markers from EDL reads): one event per marker, then
// `<notes> |C:ResolveColor<Colour> |M:<name> |D:<frames>`.
// - `|` opens the next field, so it never appears inside notes or names (replaced by `/`).
// - The line always starts with a space: a note beginning with digits ("3 frames late") would
//   otherwise start the line like an event number, and EDL readers take it for one.
// - Resolve keeps one marker per timeline frame, so notes on the same frame become one marker.

const RESOLVE_COLOURS = { red: 'ResolveColorRed', yellow: 'ResolveColorYellow', green: 'ResolveColorGreen' };

const field = (text: string) => text.replaceAll('|', '/');

export function writeResolveEdl(doc: MarkerDocument): string {
  assertEditorRate(doc.timing);
  const t = doc.timing;
  const lines = [...edlHeader(doc), ''];
  groupByFrame(doc.notes).forEach((group, i) => {
    const frame = group[0]!.frame;
    const frames = Math.max(...group.map(lengthOf));
    const tcIn = timecodeOf(frame, t);
    const tcOut = timecodeOf(frame + frames, t);
    const more = group.length > 1 ? ` (+${group.length - 1} more)` : '';
    const notes = field(group.map(noteOneLine).join(MERGED_SEPARATOR));
    const name = field(`${noteTitle(group[0]!)}${more}`);
    lines.push(`${edlEventLine(i + 1, '001', [tcIn, tcOut, tcIn, tcOut])}  `);
    lines.push(` ${notes} |C:${RESOLVE_COLOURS[noteColour(group)]} |M:${name} |D:${frames}`);
    lines.push('');
  });
  return `${lines.join('\n')}\n`;
}

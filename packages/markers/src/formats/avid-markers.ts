import type { MarkerDocument } from '../marker-types.ts';
import { groupByFrame, lengthOf, MERGED_SEPARATOR, noteColour, noteOneLine, oneLine } from '../note-text.ts';
import { assertEditorRate, timecodeOf } from '../timing-text.ts';

// Avid Media Composer's marker list (Markers window > Import Markers), a tab-separated text file,
// one marker per line: name, timecode, track, colour, comment, duration (frames). The name column
// is the person who made the marker. Colours come from the classic set Media Composer has always
// read (red, green, blue, cyan, magenta, yellow, black, white). Tabs and line breaks would break
// the columns, so every field is one line. One marker per frame on a track: notes on the same
// frame are joined.

export const AVID_TRACK = 'V1';

export function writeAvidMarkers(doc: MarkerDocument): string {
  assertEditorRate(doc.timing);
  const lines = groupByFrame(doc.notes).map((group) => {
    const authors = [...new Set(group.map((n) => oneLine(n.author)))].join(', ');
    return [
      authors,
      timecodeOf(group[0]!.frame, doc.timing),
      AVID_TRACK,
      noteColour(group),
      group.map(noteOneLine).join(MERGED_SEPARATOR),
      String(Math.max(...group.map(lengthOf))),
    ].join('\t');
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

import type { MarkerDocument } from '../marker-types.ts';
import { groupByFrame, MERGED_SEPARATOR, noteColour, noteOneLine, oneLine } from '../note-text.ts';
import { assertEditorRate, coveredFrames, timecodeOf } from '../timing-text.ts';

// CMX3600 EDL with Avid locator comments: one event spanning the version (source and record
// timecodes both start at the media's start timecode, so record TC = the timecode editors see),
// then one `* LOC:` line per frame that has notes. Avid holds one locator per frame on a track,
// so notes sharing a frame are joined into one locator rather than moved off their frame.

const AVID_COLOURS = { red: 'RED', yellow: 'YELLOW', green: 'GREEN' } as const;

/** The EDL's header: title (one line) and the frame-code mode every timecode below is read in. */
export function edlHeader(doc: MarkerDocument): string[] {
  return [
    `TITLE: ${oneLine(doc.title).slice(0, 70)}`,
    `FCM: ${doc.timing.dropFrame ? 'DROP FRAME' : 'NON-DROP FRAME'}`,
  ];
}

/** A CMX3600 event line: number, reel (8), track, cut, source in/out, record in/out. */
export function edlEventLine(event: number, reel: string, tcs: [string, string, string, string]): string {
  return `${String(event).padStart(3, '0')}  ${reel.padEnd(8)} V     C        ${tcs.join(' ')}`;
}

export function writeEdl(doc: MarkerDocument): string {
  assertEditorRate(doc.timing);
  const t = doc.timing;
  const first = timecodeOf(0, t);
  const end = timecodeOf(coveredFrames(doc), t);
  const lines = [...edlHeader(doc), '', edlEventLine(1, 'AX', [first, end, first, end])];
  lines.push(`* FROM CLIP NAME: ${oneLine(doc.mediaName)}`);
  for (const group of groupByFrame(doc.notes)) {
    const colour = AVID_COLOURS[noteColour(group)].padEnd(7);
    lines.push(
      `* LOC: ${timecodeOf(group[0]!.frame, t)} ${colour} ${group.map(noteOneLine).join(MERGED_SEPARATOR)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

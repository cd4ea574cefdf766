import type { MarkerDocument } from '../marker-types.ts';
import { lengthOf, noteFullText, noteTitle } from '../note-text.ts';
import { assertEditorRate, coveredFrames, formatFrameTime } from '../timing-text.ts';
import { attributes } from '../xml-text.ts';

// Final Cut Pro FCPXML 1.10: an event holding one project whose sequence has the version as its
// only clip. Every time is an exact rational number of seconds and a whole number of frames:
// frame n of the version is at start + n × frameDuration (1001/30000s at 29.97), where start is
// the media's start timecode as a time, so FCP shows the same timecode as preroll. Each note is a
// to-do marker (`completed="0"` open, `"1"` done) with the title as its name and the whole note
// (replies, author, link) as its note. The media path is not known here: the clip comes in
// offline until the editor relinks it (docs/editors.md).

export const FCPXML_VERSION = '1.10';

export function writeFcpxml(doc: MarkerDocument): string {
  assertEditorRate(doc.timing);
  const t = doc.timing;
  const tc = t.dropFrame ? 'DF' : 'NDF';
  const time = (frame: number) => formatFrameTime(t.startFrame + frame, t);
  const length = (frames: number) => formatFrameTime(frames, t);
  const duration = length(coveredFrames(doc));
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE fcpxml>',
    `<fcpxml version="${FCPXML_VERSION}">`,
    '  <resources>',
    `    <format${attributes({
      id: 'r1',
      frameDuration: length(1),
      width: doc.width ?? 1920,
      height: doc.height ?? 1080,
    })}/>`,
    `    <asset${attributes({ id: 'r2', name: doc.mediaName, start: time(0), duration, hasVideo: 1, format: 'r1' })}>`,
    `      <media-rep${attributes({ kind: 'original-media', src: `file:./${encodeURIComponent(doc.mediaName)}` })}/>`,
    '    </asset>',
    '  </resources>',
    `  <event${attributes({ name: 'preroll notes' })}>`,
    `    <project${attributes({ name: doc.title })}>`,
    `      <sequence${attributes({ format: 'r1', duration, tcStart: time(0), tcFormat: tc })}>`,
    '        <spine>',
    `          <asset-clip${attributes({
      ref: 'r2',
      offset: time(0),
      name: doc.mediaName,
      start: time(0),
      duration,
      format: 'r1',
      tcFormat: tc,
    })}>`,
  ];
  for (const note of doc.notes) {
    out.push(
      `            <marker${attributes({
        start: time(note.frame),
        duration: length(lengthOf(note)),
        value: noteTitle(note),
        completed: note.completed ? '1' : '0',
        note: noteFullText(note),
      })}/>`,
    );
  }
  out.push(
    '          </asset-clip>',
    '        </spine>',
    '      </sequence>',
    '    </project>',
    '  </event>',
  );
  out.push('</fcpxml>');
  return `${out.join('\n')}\n`;
}

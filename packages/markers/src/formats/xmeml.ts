import { nominalFps } from '@preroll/timecode';
import type { MarkerDocument } from '../marker-types.ts';
import { lengthOf, noteFullText, noteTitle } from '../note-text.ts';
import { assertEditorRate, coveredFrames, timecodeOf } from '../timing-text.ts';
import { escapeXml } from '../xml-text.ts';

// Final Cut Pro 7 XML (xmeml version 4), which Premiere Pro imports and exports: a sequence
// holding the version as one clip, with the notes as sequence markers. xmeml counts frames, not
// time: a rate is an integer <timebase> plus <ntsc>TRUE</ntsc> for the ×1000/1001 rates, and a
// marker's <in> is the frame count from the sequence's first frame (its <out> the frame after it,
// or -1 for a point marker). The start timecode is carried separately in <timecode>.

/** xmeml's spelling of a rate: 30000/1001 → timebase 30, ntsc TRUE. */
export function xmemlRate(doc: MarkerDocument): { timebase: number; ntsc: boolean } {
  return { timebase: nominalFps(doc.timing.rate), ntsc: doc.timing.rate.den === 1001 };
}

export function writeXmeml(doc: MarkerDocument): string {
  assertEditorRate(doc.timing);
  const t = doc.timing;
  const { timebase, ntsc } = xmemlRate(doc);
  const frames = coveredFrames(doc);
  const rate = (pad: string) => [
    `${pad}<rate>`,
    `${pad}  <timebase>${timebase}</timebase>`,
    `${pad}  <ntsc>${ntsc ? 'TRUE' : 'FALSE'}</ntsc>`,
    `${pad}</rate>`,
  ];
  const timecode = (pad: string) => [
    `${pad}<timecode>`,
    ...rate(`${pad}  `),
    `${pad}  <string>${timecodeOf(0, t)}</string>`,
    `${pad}  <frame>${t.startFrame}</frame>`,
    `${pad}  <displayformat>${t.dropFrame ? 'DF' : 'NDF'}</displayformat>`,
    `${pad}</timecode>`,
  ];
  const name = escapeXml(doc.mediaName);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE xmeml>',
    '<xmeml version="4">',
    '  <sequence id="sequence-1">',
    `    <name>${escapeXml(doc.title)}</name>`,
    `    <duration>${frames}</duration>`,
    ...rate('    '),
    ...timecode('    '),
    '    <media>',
    '      <video>',
    '        <track>',
    '          <clipitem id="clipitem-1">',
    `            <name>${name}</name>`,
    `            <duration>${frames}</duration>`,
    ...rate('            '),
    '            <start>0</start>',
    `            <end>${frames}</end>`,
    '            <in>0</in>',
    `            <out>${frames}</out>`,
    '            <file id="file-1">',
    `              <name>${name}</name>`,
    `              <pathurl>${escapeXml(encodeURIComponent(doc.mediaName))}</pathurl>`,
    ...rate('              '),
    `              <duration>${frames}</duration>`,
    ...timecode('              '),
    '            </file>',
    '          </clipitem>',
    '        </track>',
    '      </video>',
    '    </media>',
  ];
  for (const note of doc.notes) {
    const length = lengthOf(note);
    out.push(
      '    <marker>',
      `      <name>${escapeXml(noteTitle(note))}</name>`,
      `      <comment>${escapeXml(noteFullText(note))}</comment>`,
      `      <in>${note.frame}</in>`,
      `      <out>${note.durationFrames === null ? -1 : note.frame + length}</out>`,
      '    </marker>',
    );
  }
  out.push('  </sequence>', '</xmeml>');
  return `${out.join('\n')}\n`;
}

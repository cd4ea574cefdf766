import { framesToTimecode, nominalFps } from '@preroll/timecode';
import { DOMParser, type Element, onErrorStopParsing } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { exportMarkers, type MarkerTiming } from '../src/index.ts';
import { documentFor, TIMINGS } from './marker-fixtures.ts';

// An XML parser reads the exported files back and every time is checked with exact integer
// arithmetic: FCPXML's rational seconds must equal (start + frame) × frameDuration, and xmeml's
// frame counts must be the note's frame with the start timecode carried beside them.

/** "107999892/30000s" → [107999892n, 30000n]; "3600s" → [3600n, 1n]. */
function rational(text: string): [bigint, bigint] {
  const m = /^(\d+)(?:\/(\d+))?s$/.exec(text);
  if (!m) throw new Error(`not an FCPXML time: ${text}`);
  return [BigInt(m[1]!), BigInt(m[2] ?? '1')];
}

/** Whether a/b seconds is exactly `frames` frame durations at the rate. */
function isFrames(time: string, frames: number, t: MarkerTiming): boolean {
  const [num, den] = rational(time);
  return num * BigInt(t.rate.num) === BigInt(frames) * BigInt(t.rate.den) * den;
}

const elements = (root: Element, name: string) => Array.from(root.getElementsByTagName(name));
const parse = (text: string) => new DOMParser().parseFromString(text, 'text/xml').documentElement!;

describe('FCPXML re-read: every time is a whole number of frame durations from the start', () => {
  for (const { name, timing } of TIMINGS) {
    it(`${name}: markers at (start + frame) × frameDuration, clip and sequence at the start timecode`, () => {
      const doc = documentFor(name, timing);
      const root = parse(exportMarkers('fcpxml', doc));
      const format = elements(root, 'format')[0]!;
      expect(isFrames(format.getAttribute('frameDuration')!, 1, timing)).toBe(true);
      const sequence = elements(root, 'sequence')[0]!;
      expect(isFrames(sequence.getAttribute('tcStart')!, timing.startFrame, timing)).toBe(true);
      expect(sequence.getAttribute('tcFormat')).toBe(timing.dropFrame ? 'DF' : 'NDF');
      const clip = elements(root, 'asset-clip')[0]!;
      for (const attr of ['offset', 'start'])
        expect(isFrames(clip.getAttribute(attr)!, timing.startFrame, timing)).toBe(true);
      expect(isFrames(clip.getAttribute('duration')!, timing.durationFrames!, timing)).toBe(true);
      const markers = elements(root, 'marker');
      expect(markers).toHaveLength(doc.notes.length);
      markers.forEach((m, i) => {
        const note = doc.notes[i]!;
        expect(
          isFrames(m.getAttribute('start')!, timing.startFrame + note.frame, timing),
          `marker ${i}`,
        ).toBe(true);
        expect(isFrames(m.getAttribute('duration')!, note.durationFrames ?? 1, timing)).toBe(true);
        expect(m.getAttribute('completed')).toBe(note.completed ? '1' : '0');
        expect(m.getAttribute('note')).toContain(note.body);
      });
      // Every time attribute anywhere in the file is a whole number of frames.
      for (const el of elements(root, '*')) {
        for (const attr of ['offset', 'start', 'duration', 'tcStart']) {
          const value = el.getAttribute(attr);
          if (!value) continue;
          const [num, den] = rational(value);
          expect(
            (num * BigInt(timing.rate.num)) % (den * BigInt(timing.rate.den)),
            `${el.nodeName} ${attr}`,
          ).toBe(0n);
        }
      }
    });
  }
});

describe('xmeml re-read: frames, rate and start timecode', () => {
  for (const { name, timing } of TIMINGS) {
    it(`${name}: <in> is the note's frame, <out> the frame after its duration, timecode carried`, () => {
      const doc = documentFor(name, timing);
      const root = parse(exportMarkers('xmeml', doc));
      const sequence = elements(root, 'sequence')[0]!;
      const text = (el: Element, tag: string) => elements(el, tag)[0]!.textContent;
      expect(Number(text(sequence, 'timebase'))).toBe(nominalFps(timing.rate));
      expect(text(sequence, 'ntsc')).toBe(timing.rate.den === 1001 ? 'TRUE' : 'FALSE');
      const tc = elements(sequence, 'timecode')[0]!;
      expect(Number(text(tc, 'frame'))).toBe(timing.startFrame);
      expect(text(tc, 'string')).toBe(
        framesToTimecode(timing.startFrame, timing.rate, { dropFrame: timing.dropFrame }),
      );
      expect(text(tc, 'displayformat')).toBe(timing.dropFrame ? 'DF' : 'NDF');
      const markers = Array.from(sequence.childNodes).filter((n) => n.nodeName === 'marker') as Element[];
      expect(markers).toHaveLength(doc.notes.length);
      markers.forEach((m, i) => {
        const note = doc.notes[i]!;
        expect(Number(text(m, 'in'))).toBe(note.frame);
        expect(Number(text(m, 'out'))).toBe(
          note.durationFrames === null ? -1 : note.frame + note.durationFrames,
        );
        expect(text(m, 'comment')).toContain(note.body);
      });
    });
  }
});

describe('text XML cannot carry', () => {
  it('control characters and lone surrogates become U+FFFD, so both XML files still parse', () => {
    const { name, timing } = TIMINGS[0]!;
    const doc = documentFor(name, timing);
    doc.notes = [{ ...doc.notes[0]!, body: 'bell\u0007 half \ud800 pair 😀 ]]> </comment>' }];
    for (const format of ['fcpxml', 'xmeml'] as const) {
      const root = new DOMParser({ onError: onErrorStopParsing }).parseFromString(
        exportMarkers(format, doc),
        'text/xml',
      ).documentElement!;
      const text =
        format === 'fcpxml'
          ? elements(root, 'marker')[0]!.getAttribute('note')
          : elements(root, 'comment')[0]!.textContent;
      expect(text).toContain('bell\uFFFD half \uFFFD pair 😀 ]]> </comment>');
    }
  });
});

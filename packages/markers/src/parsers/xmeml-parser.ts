import { type FrameRate, frameRate, timecodeToFrames } from '@preroll/timecode';
import type { Element } from '@xmldom/xmldom';
import { MarkerParseError, type ParsedMarker, type ParsedMarkerFile } from '../marker-types.ts';
import { childElements, childText, descendants, firstChild, parseXmlRoot } from './xml-document.ts';

// Reads the first sequence of an FCP7 / Premiere xmeml file: its rate (<timebase> + <ntsc>), its
// start timecode (<timecode><frame>, else its <string>) and its markers. Sequence markers count
// frames from the sequence's first frame; a clip's markers count source frames, so they move by
// the clip's place in the sequence (start − in).

function int(el: Element, name: string): number | undefined {
  const raw = childText(el, name);
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new MarkerParseError(`<${name}>${raw}</${name}> is not a whole number`);
  return n;
}

function rateOf(el: Element | undefined): FrameRate | null {
  const rate = el && firstChild(el, 'rate');
  const timebase = rate && int(rate, 'timebase');
  if (!rate || !timebase || timebase <= 0) return null;
  const ntsc = (childText(rate, 'ntsc') ?? '').toUpperCase() === 'TRUE';
  return ntsc ? frameRate(timebase * 1000, 1001) : frameRate(timebase);
}

function startFrameOf(sequence: Element, rate: FrameRate): { frames: number; dropFrame: boolean | null } {
  const tc = firstChild(sequence, 'timecode');
  if (!tc) return { frames: 0, dropFrame: null };
  const display = (childText(tc, 'displayformat') ?? '').toUpperCase();
  const dropFrame = display === 'DF' ? true : display === 'NDF' ? false : null;
  const frame = int(tc, 'frame');
  if (frame !== undefined) return { frames: frame, dropFrame };
  const text = childText(tc, 'string');
  if (!text) return { frames: 0, dropFrame };
  try {
    return { frames: timecodeToFrames(text, rate, dropFrame === null ? {} : { dropFrame }), dropFrame };
  } catch (err) {
    throw new MarkerParseError(`the sequence timecode "${text}" cannot be read: ${(err as Error).message}`);
  }
}

function marker(el: Element, shift: number, start: number, rate: FrameRate, where: string): ParsedMarker {
  const inFrame = int(el, 'in');
  if (inFrame === undefined || inFrame < 0) throw new MarkerParseError(`${where} has no <in> frame`);
  const out = int(el, 'out');
  return {
    position: { kind: 'frames', frames: start + shift + inFrame, rate },
    length: out !== undefined && out > inFrame ? { kind: 'frames', frames: out - inFrame } : null,
    name: childText(el, 'name') ?? '',
    text: childText(el, 'comment') ?? '',
    author: null,
    where,
  };
}

export function parseXmeml(text: string): ParsedMarkerFile {
  const root = parseXmlRoot(text, 'xmeml', 'FCP7 / Premiere XML (xmeml)');
  const sequence = descendants(root, 'sequence')[0];
  if (!sequence) throw new MarkerParseError('This xmeml file has no <sequence>');
  const rate = rateOf(sequence);
  if (!rate)
    throw new MarkerParseError('The sequence has no <rate><timebase>, so its frames cannot be timed');
  const start = startFrameOf(sequence, rate);
  const markers = childElements(sequence, 'marker').map((m, i) =>
    marker(m, 0, start.frames, rate, `sequence marker ${i + 1}`),
  );
  descendants(sequence, 'clipitem').forEach((clip, c) => {
    const clipStart = int(clip, 'start') ?? -1;
    const clipIn = int(clip, 'in') ?? 0;
    childElements(clip, 'marker').forEach((m, i) => {
      const where = `clip ${c + 1} marker ${i + 1}`;
      const found = marker(m, clipStart - clipIn, start.frames, rate, where);
      // A clip whose start is -1 sits inside a transition: its place on the sequence is not stated.
      if (clipStart < 0) found.position = { kind: 'unknown', reason: 'its clip starts inside a transition' };
      markers.push(found);
    });
  });
  return {
    format: 'xmeml',
    markers,
    title: childText(sequence, 'name') ?? null,
    rate,
    dropFrame: start.dropFrame,
    start: { kind: 'frames', frames: start.frames, rate },
  };
}

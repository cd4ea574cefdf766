import { type FrameRate, frameRate } from '@preroll/timecode';
import type { Element } from '@xmldom/xmldom';
import {
  MarkerParseError,
  type ParsedMarker,
  type ParsedMarkerFile,
  type Rational,
} from '../marker-types.ts';
import { addRational, parseRationalSeconds, subtractRational } from '../timing-text.ts';
import { attr, descendants, parseXmlRoot } from './xml-document.ts';

// Reads every <marker> of an FCPXML file. A marker's start is in its clip's own (source) time;
// walking up through the clips that hold it (offset + (t − start)) gives the time on the
// sequence, which includes the sequence's tcStart. Spines are passed through as they are.

const TIMELINE_ENDS = new Set(['sequence', 'event', 'library', 'fcpxml', 'resources']);

function time(el: Element, name: string, fallback: Rational | null): Rational | null {
  const raw = attr(el, name);
  if (raw === undefined) return fallback;
  try {
    return parseRationalSeconds(raw);
  } catch {
    throw new MarkerParseError(`<${el.nodeName}> has ${name}="${raw}", which is not an FCPXML time`);
  }
}

/** A rate from a frameDuration ("1001/30000s" → 30000/1001 fps). */
function rateOf(frameDuration: string | undefined): FrameRate | null {
  if (!frameDuration) return null;
  try {
    const fd = parseRationalSeconds(frameDuration);
    if (fd.num <= 0n) return null;
    return frameRate(Number(fd.den), Number(fd.num));
  } catch {
    return null;
  }
}

function sequenceTime(marker: Element, start: Rational): Rational {
  let t = start;
  for (
    let el = marker.parentNode as Element | null;
    el && el.nodeType === 1;
    el = el.parentNode as Element | null
  ) {
    if (TIMELINE_ENDS.has(el.nodeName)) break;
    if (el.nodeName === 'spine') continue;
    const offset = time(el, 'offset', null);
    if (offset === null) continue;
    t = addRational(offset, subtractRational(t, time(el, 'start', { num: 0n, den: 1n })!));
  }
  return t;
}

export function parseFcpxml(text: string): ParsedMarkerFile {
  const root = parseXmlRoot(text, 'fcpxml', 'FCPXML');
  const formats = new Map(
    descendants(root, 'format').map((f) => [attr(f, 'id') ?? '', attr(f, 'frameDuration')]),
  );
  const sequence = descendants(root, 'sequence')[0];
  const formatId =
    (sequence && attr(sequence, 'format')) ?? descendants(root, 'format')[0]?.getAttribute('id');
  const clip = descendants(root, 'asset-clip')[0];
  const tcFormat = (sequence && attr(sequence, 'tcFormat')) ?? (clip && attr(clip, 'tcFormat'));
  const markers: ParsedMarker[] = descendants(root, 'marker').map((m, i) => {
    const start = time(m, 'start', null);
    if (start === null) throw new MarkerParseError(`marker ${i + 1} has no start time`);
    const duration = time(m, 'duration', null);
    return {
      position: { kind: 'seconds', seconds: sequenceTime(m, start) },
      length: duration && duration.num > 0n ? { kind: 'seconds', seconds: duration } : null,
      name: attr(m, 'value') ?? '',
      text: attr(m, 'note') ?? '',
      author: null,
      where: `marker ${i + 1}`,
    };
  });
  return {
    format: 'fcpxml',
    markers,
    title: (sequence?.parentNode as Element | null)?.getAttribute?.('name') ?? null,
    rate: rateOf(formats.get(formatId ?? '')),
    dropFrame: tcFormat === 'DF' ? true : tcFormat === 'NDF' ? false : null,
    start: sequence ? { kind: 'seconds', seconds: time(sequence, 'tcStart', { num: 0n, den: 1n })! } : null,
  };
}

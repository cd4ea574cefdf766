import {
  MarkerParseError,
  type MarkerPosition,
  type ParsedMarker,
  type ParsedMarkerFile,
} from '../marker-types.ts';

// Reads CMX3600 EDLs for markers: Avid locators (`* LOC: <tc> <colour> <text>`, on the record
// clock) and DaVinci Resolve's marker events (an event line, then
// `<notes> |C:<colour> |M:<name> |D:<frames>` placed at the event's record in). Both can appear in
// one file, so one reader serves the `edl` and `resolve-edl` formats. `FCM:` says how the
// timecodes below it count (a drop-frame file may still write `:`).

const TC = String.raw`\d{2}:\d{2}:\d{2}[:;]\d{2,3}`;
const EVENT = new RegExp(String.raw`^(\d+)\s+.*?(${TC})\s+(${TC})\s+(${TC})\s+(${TC})\s*$`);
const LOC = new RegExp(String.raw`^\*\s*LOC:\s*(${TC})\s*(.*)$`, 'i');
const COLOURS = new Set([
  'red',
  'green',
  'blue',
  'cyan',
  'magenta',
  'yellow',
  'black',
  'white',
  'orange',
  'pink',
  'purple',
]);
const RESOLVE = /^(.*?)\s*\|C:([^|]*?)\s*\|M:(.*?)\s*(?:\|D:(\d+))?\s*$/;

interface Event {
  recordIn: string;
  dropFrame: boolean | null;
}

function locator(rest: string): { colour: string | null; text: string } {
  const m = /^(\S+)\s*(.*)$/.exec(rest.trim());
  if (m && COLOURS.has(m[1]!.toLowerCase())) return { colour: m[1]!.toLowerCase(), text: m[2]!.trim() };
  return { colour: null, text: rest.trim() };
}

export function parseEdl(text: string): ParsedMarkerFile {
  const lines = text.split(/\r\n|\r|\n/);
  let title: string | null = null;
  let dropFrame: boolean | null = null;
  let fileDropFrame: boolean | null = null;
  let sawEdl = false;
  let firstEvent: Event | null = null;
  let lastEvent: Event | null = null;
  let resolveStyle = false;
  const markers: ParsedMarker[] = [];
  const tcAt = (timecode: string, df: boolean | null): MarkerPosition => ({
    kind: 'timecode',
    timecode,
    dropFrame: df,
  });

  lines.forEach((raw, i) => {
    const line = raw.trim();
    const where = `line ${i + 1}`;
    if (line === '') return;
    const heading = /^(TITLE|FCM):\s*(.*)$/i.exec(line);
    if (heading) {
      sawEdl = true;
      if (heading[1]!.toUpperCase() === 'TITLE') title = heading[2]!.trim() || null;
      else {
        const mode = heading[2]!.toUpperCase();
        dropFrame = mode.startsWith('DROP') ? true : mode.startsWith('NON') ? false : null;
        fileDropFrame ??= dropFrame;
      }
      return;
    }
    const event = EVENT.exec(line);
    if (event) {
      sawEdl = true;
      lastEvent = { recordIn: event[4]!, dropFrame };
      firstEvent ??= lastEvent;
      return;
    }
    const loc = LOC.exec(line);
    if (loc) {
      const { text: note } = locator(loc[2]!);
      markers.push({
        position: tcAt(loc[1]!, dropFrame),
        length: null,
        name: '',
        text: note,
        author: null,
        where,
      });
      return;
    }
    const resolve = line.includes('|C:') || line.includes('|M:') ? RESOLVE.exec(line) : null;
    if (resolve) {
      resolveStyle = true;
      const at: Event | null = lastEvent;
      const frames = resolve[4] ? Number(resolve[4]) : null;
      markers.push({
        position: at
          ? tcAt((at as Event).recordIn, (at as Event).dropFrame)
          : { kind: 'unknown', reason: 'the marker line comes before any event line' },
        length: frames && frames > 1 ? { kind: 'frames', frames } : null,
        name: resolve[3]!.trim(),
        text: resolve[1]!.trim(),
        author: null,
        where,
      });
    }
  });
  if (!sawEdl) {
    throw new MarkerParseError('This is not an EDL: it has no TITLE:, FCM: or event line');
  }
  const start: Event | null = firstEvent;
  return {
    format: resolveStyle ? 'resolve-edl' : 'edl',
    markers,
    title,
    rate: null,
    dropFrame: fileDropFrame,
    // In a marker EDL every event is a marker, so the first one says nothing about the start.
    start: start && !resolveStyle ? tcAt((start as Event).recordIn, (start as Event).dropFrame) : null,
  };
}

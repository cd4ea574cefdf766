import {
  MarkerParseError,
  type MarkerPosition,
  type ParsedMarker,
  type ParsedMarkerFile,
} from '../marker-types.ts';

// Reads a spreadsheet of notes: preroll's own CSV, and exports of other review tools (Frame.io's
// CSV among them) whose column names vary. Columns are found by name, case and punctuation
// ignored; the position comes from the first of: a timecode column, a frame column (0-based, as
// preroll writes it), a seconds column. No public document fixes Frame.io's CSV layout
// (docs/frameio-api-notes.md, "Comment CSV exports"), hence matching by header names.

const COLUMNS = {
  timecodeIn: [
    'timecodein',
    'timecode',
    'tcin',
    'in',
    'start',
    'starttimecode',
    'timecodesource',
    'sourcetimecode',
  ],
  timecodeOut: ['timecodeout', 'tcout', 'out', 'end', 'endtimecode'],
  frame: ['frame', 'frameindex'],
  durationFrames: ['durationframes', 'duration'],
  seconds: ['seconds', 'timestamp', 'time', 'timeseconds'],
  author: ['author', 'commenter', 'user', 'username', 'createdby', 'owner', 'name'],
  text: ['text', 'comment', 'comments', 'note', 'notes', 'description', 'body'],
} as const;

type Column = keyof typeof COLUMNS;

const TC = /^\d{2}:\d{2}:\d{2}[:;]\d{2,3}$/;
const FORMULA_GUARD = /^'(?=[=+\-@\t\r])/;

/** RFC 4180 records: quoted fields may hold the delimiter, quotes ("") and line breaks. */
export function csvRecords(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new MarkerParseError('The CSV ends inside a quoted field');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records.filter((r) => r.some((f) => f.trim() !== ''));
}

/** The delimiter of the header line: comma, or semicolon / tab when those are what separate it. */
function delimiterOf(text: string): string {
  const header = text.split(/\r\n|\r|\n/, 1)[0] ?? '';
  const count = (d: string) => header.split(d).length - 1;
  return [',', ';', '\t'].reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

const key = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

export function parseCsv(text: string): ParsedMarkerFile {
  const records = csvRecords(text, delimiterOf(text));
  const header = (records.shift() ?? []).map(key);
  const index = Object.fromEntries(
    Object.entries(COLUMNS).map(([name, names]) => [
      name,
      names.map((n) => header.indexOf(n)).find((i) => i >= 0) ?? -1,
    ]),
  ) as Record<Column, number>;
  if (index.timecodeIn < 0 && index.frame < 0 && index.seconds < 0) {
    throw new MarkerParseError(
      'This CSV has no position column: it needs a "Timecode In" (or "Timecode"), "Frame" or "Seconds" header',
    );
  }
  const markers = records.map((record, r): ParsedMarker => {
    const get = (c: Column) =>
      index[c] >= 0 ? (record[index[c]] ?? '').replace(FORMULA_GUARD, '').trim() : '';
    const where = `row ${r + 2}`;
    const tcIn = get('timecodeIn');
    const tcOut = get('timecodeOut');
    const frame = get('frame');
    const seconds = get('seconds');
    let position: MarkerPosition;
    if (TC.test(tcIn)) position = { kind: 'timecode', timecode: tcIn, dropFrame: null };
    else if (/^\d+$/.test(frame)) position = { kind: 'index', frame: Number(frame) };
    else if (/^\d+(\.\d+)?$/.test(seconds)) position = { kind: 'offset-seconds', seconds: Number(seconds) };
    else position = { kind: 'unknown', reason: `no timecode, frame or seconds in ${where}` };
    const duration = Number(get('durationFrames'));
    return {
      position,
      length:
        Number.isSafeInteger(duration) && duration > 0
          ? { kind: 'frames', frames: duration }
          : TC.test(tcOut) && position.kind === 'timecode'
            ? { kind: 'timecode-out', timecode: tcOut }
            : null,
      name: '',
      text: get('text'),
      author: get('author') || null,
      where,
    };
  });
  return { format: 'csv', markers, title: null, rate: null, dropFrame: null, start: null };
}

import { MarkerParseError, type ParsedMarker, type ParsedMarkerFile } from '../marker-types.ts';

// Reads an Avid Media Composer marker list: tab-separated lines of name, timecode, track,
// colour, comment and (from Media Composer 8 on) duration in frames. Later columns, when
// present, are ignored. The name column is who made the marker.

const TC = /^\d{2}:\d{2}:\d{2}[:;]\d{2,3}$/;

export function parseAvidMarkers(text: string): ParsedMarkerFile {
  const markers: ParsedMarker[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `line ${i + 1}`;
    const fields = line.split('\t');
    if (fields.length < 5 || !TC.test(fields[1]!.trim())) {
      throw new MarkerParseError(
        `This is not an Avid marker list: ${where} is not "name, timecode, track, colour, comment" separated by tabs`,
      );
    }
    const frames = Number(fields[5]?.trim() ?? '');
    markers.push({
      position: { kind: 'timecode', timecode: fields[1]!.trim(), dropFrame: null },
      length: Number.isSafeInteger(frames) && frames > 1 ? { kind: 'frames', frames } : null,
      name: '',
      text: fields[4]!.trim(),
      author: fields[0]!.trim() || null,
      where,
    });
  });
  return { format: 'avid', markers, title: null, rate: null, dropFrame: null, start: null };
}

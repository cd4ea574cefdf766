// Public surface of @preroll/markers: marker files as pure functions of (version timing, notes)
// → text, their parsers, and the placement of parsed markers on a version's frames. Every frame ⇄
// timecode conversion goes through @preroll/timecode.
import { writeAvidMarkers } from './formats/avid-markers.ts';
import { writeCsv } from './formats/csv.ts';
import { writeEdl } from './formats/edl.ts';
import { writeFcpxml } from './formats/fcpxml.ts';
import { writeHtmlReport } from './formats/html-report.ts';
import { writeResolveEdl } from './formats/resolve-edl.ts';
import { writeXmeml } from './formats/xmeml.ts';
import type { ExportFormat, ImportFormat, MarkerDocument, ParsedMarkerFile } from './marker-types.ts';
import { parseAvidMarkers } from './parsers/avid-parser.ts';
import { parseCsv } from './parsers/csv-parser.ts';
import { parseEdl } from './parsers/edl-parser.ts';
import { parseFcpxml } from './parsers/fcpxml-parser.ts';
import { parseXmeml } from './parsers/xmeml-parser.ts';

export { decodeMarkerFile } from './decode-text.ts';
export type {
  ExportFormat,
  ImportFormat,
  MarkerDocument,
  MarkerNote,
  MarkerPosition,
  MarkerReply,
  MarkerThumbnail,
  MarkerTiming,
  ParsedMarker,
  ParsedMarkerFile,
  Rational,
} from './marker-types.ts';
export { EXPORT_FORMATS, IMPORT_FORMATS, MarkerParseError } from './marker-types.ts';
export { noteFullText, noteTitle } from './note-text.ts';
export type { PlacedMarker, Placement, PlacementOptions, PlacementWarning } from './place-markers.ts';
export { PlacementError, placeMarkers } from './place-markers.ts';
export { UnsupportedRateError } from './timing-text.ts';

const WRITERS: Record<ExportFormat, (doc: MarkerDocument) => string> = {
  edl: writeEdl,
  'resolve-edl': writeResolveEdl,
  fcpxml: writeFcpxml,
  xmeml: writeXmeml,
  avid: writeAvidMarkers,
  csv: writeCsv,
  html: writeHtmlReport,
};

const READERS: Record<ImportFormat, (text: string) => ParsedMarkerFile> = {
  edl: parseEdl,
  'resolve-edl': parseEdl,
  fcpxml: parseFcpxml,
  xmeml: parseXmeml,
  avid: parseAvidMarkers,
  csv: parseCsv,
};

/** The file's text. Throws UnsupportedRateError when an editor format cannot hold the rate. */
export function exportMarkers(format: ExportFormat, doc: MarkerDocument): string {
  return WRITERS[format](doc);
}

/** The markers of a file said to be `format`. Throws MarkerParseError when it is not one. */
export function parseMarkers(format: ImportFormat, text: string): ParsedMarkerFile {
  return READERS[format](text.replace(/^\uFEFF/, ''));
}

/** What each format is called and how its file is named and served. */
export const FORMAT_FILES: Record<ExportFormat, { label: string; extension: string; contentType: string }> = {
  edl: {
    label: 'CMX3600 EDL with Avid locators',
    extension: 'edl',
    contentType: 'text/plain; charset=utf-8',
  },
  'resolve-edl': {
    label: 'DaVinci Resolve marker EDL',
    extension: 'resolve.edl',
    contentType: 'text/plain; charset=utf-8',
  },
  fcpxml: {
    label: 'Final Cut Pro FCPXML 1.10',
    extension: 'fcpxml',
    contentType: 'application/xml; charset=utf-8',
  },
  xmeml: {
    label: 'Premiere Pro / FCP7 XML',
    extension: 'xml',
    contentType: 'application/xml; charset=utf-8',
  },
  avid: {
    label: 'Avid Media Composer marker list',
    extension: 'avid-markers.txt',
    contentType: 'text/plain; charset=utf-8',
  },
  csv: { label: 'CSV spreadsheet', extension: 'csv', contentType: 'text/csv; charset=utf-8' },
  html: { label: 'Printable report (HTML)', extension: 'html', contentType: 'text/html; charset=utf-8' },
};

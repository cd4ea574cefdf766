import { describe, expect, it } from 'vitest';
import {
  exportMarkers,
  IMPORT_FORMATS,
  type ImportFormat,
  type MarkerNote,
  parseMarkers,
  placeMarkers,
} from '../src/index.ts';
import { documentFor, TIMINGS } from './marker-fixtures.ts';

// Export → parse → place on the same version: every note comes back on its frame, with its text.
// Formats that hold one marker per frame (EDL locators, Resolve, Avid) join notes sharing a
// frame, so there each frame comes back once carrying every note's text.

const MERGING = new Set<ImportFormat>(['edl', 'resolve-edl', 'avid']);
/** Formats that carry a marker's length (an EDL locator is a point). */
const KEEPS_DURATION = new Set<ImportFormat>(['resolve-edl', 'fcpxml', 'xmeml', 'avid', 'csv']);

const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('export → import round trip on the same version', () => {
  for (const { name, timing } of TIMINGS) {
    for (const format of IMPORT_FORMATS) {
      it(`${format} at ${name}: every note back on its frame with its text`, () => {
        const doc = documentFor(name, timing);
        const file = parseMarkers(format, exportMarkers(format, doc));
        const { markers, warnings } = placeMarkers(file, timing, { align: 'timecode', fileStart: null });
        expect(warnings).toEqual([]);
        expect(markers.every((m) => m.status === 'ok')).toBe(true);
        const byFrame = new Map<number, MarkerNote[]>();
        for (const n of doc.notes) byFrame.set(n.frame, [...(byFrame.get(n.frame) ?? []), n]);
        const expectedCount = MERGING.has(format) ? byFrame.size : doc.notes.length;
        expect(markers).toHaveLength(expectedCount);
        for (const m of markers) {
          const notes = byFrame.get(m.frame!);
          expect(notes, `a marker at frame ${m.frame}`).toBeDefined();
          const text = flat(`${m.name} ${m.text}`);
          const mine = MERGING.has(format) ? notes! : notes!.filter((n) => text.includes(flat(n.body)));
          expect(mine.length).toBeGreaterThan(0);
          for (const n of mine)
            expect(text).toContain(flat(n.body).replace(/\|/g, format === 'resolve-edl' ? '/' : '|'));
          if (KEEPS_DURATION.has(format)) {
            const longest = Math.max(...mine.map((n) => n.durationFrames ?? 1));
            expect(m.durationFrames ?? 1).toBe(longest);
          }
        }
      });
    }
  }

  it('fcpxml: a marker on a clip placed later on the sequence lands at offset + (start − clip start)', () => {
    const { timing } = TIMINGS.find((t) => t.name === '25')!;
    const xml = `<?xml version="1.0"?><fcpxml version="1.10"><resources><format id="r1" frameDuration="1/25s"/></resources>
      <event><project name="p"><sequence format="r1" tcStart="36000s" tcFormat="NDF"><spine>
      <gap offset="36000s" start="0s" duration="10s"/>
      <asset-clip ref="x" offset="36010s" start="100s" duration="20s"><marker start="102s" duration="1/25s" value="here"/></asset-clip>
      </spine></sequence></project></event></fcpxml>`;
    const placed = placeMarkers(parseMarkers('fcpxml', xml), timing, { align: 'timecode', fileStart: null });
    // 36010 + (102 − 100) = 36012 s on the sequence = 12 s after 10:00:00:00 = frame 300.
    expect(placed.markers[0]).toMatchObject({ frame: 300, timecode: '10:00:12:00', status: 'ok' });
  });
});

/**
 * Marker export of 10,000 notes per format (and reading each file back), then the same export
 * through the API on SQLite. Prints, per format: median time, bytes, time per 1,000 notes, and
 * ratios from this run (each format against CSV, the API against the pure export).
 *
 * The notes sit on a 29.97 drop-frame hour starting at 01:00:00;00 (the slowest timecode path),
 * one in five with a duration, one in five with a reply.
 */
import {
  EXPORT_FORMATS,
  exportMarkers,
  IMPORT_FORMATS,
  type MarkerDocument,
  parseMarkers,
  placeMarkers,
} from '@preroll/markers';
import { frameRate } from '@preroll/timecode';
import type { Kysely } from 'kysely';
import { newId } from '../apps/server/src/lib/ids.ts';
import type { AllTables } from '../apps/server/src/server.ts';
import {
  type BenchSession,
  insertComments,
  insertDeliverable,
  insertVersion,
  startInProcess,
} from './bench-seed.ts';
import { fmt, freshDatabase, machineLine, percentile } from './bench-support.ts';

const NOTES = 10_000;
const HOUR_FRAMES = 107_892;
const RUNS = 9;
const API_RUNS = 5;

function documentOf(): MarkerDocument {
  const notes = Array.from({ length: NOTES }, (_, i) => ({
    id: newId(),
    frame: Math.floor((i * HOUR_FRAMES) / NOTES),
    durationFrames: i % 5 === 0 ? 48 : null,
    author: 'Olivia Owner',
    body: `Note ${i}: the cut lingers a beat too long on the wide shot before the dialogue <starts> & "ends".`,
    replies: i % 5 === 1 ? [{ author: 'Casey Client', body: 'Agreed, trim it.' }] : [],
    visibility: i % 3 === 0 ? ('internal' as const) : ('client' as const),
    completed: false,
    link: `https://preroll.example/versions/v/?comment=${i}`,
    createdAt: '2025-01-01T00:00:00.000Z',
    thumbnail: null,
  }));
  return {
    title: 'Bench cut v1',
    mediaName: 'bench.mov',
    timing: {
      rate: frameRate(30000, 1001),
      startFrame: 107_892,
      dropFrame: true,
      durationFrames: HOUR_FRAMES,
    },
    width: 1920,
    height: 1080,
    notes,
  };
}

function median(run: () => void, runs = RUNS): number {
  run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    run();
    samples.push(performance.now() - t);
  }
  return percentile(samples, 50);
}

async function apiMedians(doc: MarkerDocument): Promise<Map<string, number>> {
  const target = await freshDatabase('sqlite', 'markers');
  const { preroll, base, session } = await startInProcess(target);
  try {
    const { cookie } = session;
    const versionId = await seed(preroll.db, session, doc);
    const out = new Map<string, number>();
    for (const format of EXPORT_FORMATS) {
      const get = async () => {
        const res = await fetch(`${base}/api/v1/versions/${versionId}/markers?format=${format}`, {
          headers: { cookie },
        });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`${format}: ${res.status} ${text.slice(0, 200)}`);
      };
      await get();
      const samples: number[] = [];
      for (let i = 0; i < API_RUNS; i++) {
        const t = performance.now();
        await get();
        samples.push(performance.now() - t);
      }
      out.set(format, percentile(samples, 50));
    }
    return out;
  } finally {
    await preroll.close();
    await target.drop();
  }
}

/** A 29.97 DF hour from 01:00:00;00 with the document's notes on it (bench-seed.ts rows). */
async function seed(db: Kysely<AllTables>, session: BenchSession, doc: MarkerDocument) {
  const { orgId, userId } = session;
  const { deliverableId } = await insertDeliverable(db, orgId);
  const versionId = await insertVersion(db, orgId, deliverableId, {
    rate: [30000, 1001],
    durationFrames: HOUR_FRAMES,
    startFrame: 107_892,
    dropFrame: true,
    row: { original_filename: 'bench.mov', width: 1920, height: 1080, uploaded_by: userId },
  });
  await insertComments(
    db,
    { orgId, versionId, deliverableId, userId },
    doc.notes.map((n) => ({
      author_name: n.author,
      body: n.body,
      visibility: n.visibility,
      frame: n.frame,
      duration_frames: n.durationFrames,
    })),
  );
  return versionId;
}

console.log(machineLine());
const doc = documentOf();
const files = new Map(EXPORT_FORMATS.map((f) => [f, exportMarkers(f, doc)]));
const pure = new Map(EXPORT_FORMATS.map((f) => [f, median(() => exportMarkers(f, doc))]));
const read = new Map(
  IMPORT_FORMATS.map((f) => [
    f,
    median(
      () => placeMarkers(parseMarkers(f, files.get(f)!), doc.timing, { align: 'timecode', fileStart: null }),
      5,
    ),
  ]),
);
const api = await apiMedians(doc);
const csv = pure.get('csv')!;
console.log(
  `\n${NOTES} notes, 29.97 DF from 01:00:00;00 (medians; export ${RUNS} runs, read 5, API ${API_RUNS})`,
);
console.log('format        export ms   bytes       ms/1k notes  ×CSV   read+place ms  API ms  API/export');
for (const f of EXPORT_FORMATS) {
  const ms = pure.get(f)!;
  const bytes = Buffer.byteLength(files.get(f)!);
  const r = read.get(f as (typeof IMPORT_FORMATS)[number]);
  const a = api.get(f)!;
  console.log(
    `${f.padEnd(13)} ${fmt(ms).padStart(9)}   ${String(bytes).padStart(10)}  ${fmt((ms * 1000) / NOTES, 3).padStart(11)}  ${fmt(ms / csv).padStart(5)}  ${(r === undefined ? 'n/a' : fmt(r)).padStart(13)}  ${fmt(a).padStart(6)}  ${fmt(a / ms).padStart(10)}`,
  );
}

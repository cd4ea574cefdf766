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
import { loadConfig } from '../apps/server/src/config/config.ts';
import { newId } from '../apps/server/src/lib/ids.ts';
import { composePreroll } from '../apps/server/src/server.ts';
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
  const config = loadConfig({
    PORT: '0',
    PREROLL_DATA_DIR: target.dataDir,
    LOG_LEVEL: 'silent',
    PREROLL_SEED_DEMO: 'off',
    PREROLL_WORKER: 'off',
  });
  const preroll = await composePreroll(config);
  try {
    const base = (await preroll.app.listen({ port: 0, host: '127.0.0.1' })).replace('[::1]', '127.0.0.1');
    const signup = await fetch(`${base}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'bench@example.test',
        password: 'correct horse battery',
        name: 'Bench',
        organization_name: 'Bench',
      }),
    });
    const { data } = (await signup.json()) as {
      data: { user: { id: string }; active_organization: { id: string } };
    };
    const cookie = signup.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const versionId = await seed(preroll, data.active_organization.id, data.user.id, doc);
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

async function seed(
  preroll: Awaited<ReturnType<typeof composePreroll>>,
  orgId: string,
  userId: string,
  doc: MarkerDocument,
) {
  const db = preroll.db;
  const ts = { created_at: new Date().toISOString(), updated_at: new Date().toISOString() };
  const [clientId, showId, episodeId, deliverableId, versionId] = [
    newId(),
    newId(),
    newId(),
    newId(),
    newId(),
  ];
  await db
    .insertInto('clients')
    .values({ id: clientId, org_id: orgId, name: 'C', contact_email: null, notes: null, ...ts })
    .execute();
  await db
    .insertInto('shows')
    .values({ id: showId, org_id: orgId, client_id: clientId, title: 'S', description: null, ...ts })
    .execute();
  await db
    .insertInto('episodes')
    .values({
      id: episodeId,
      org_id: orgId,
      show_id: showId,
      title: 'E',
      number: 1,
      status: 'in_review',
      air_date: null,
      ...ts,
    })
    .execute();
  await db
    .insertInto('deliverables')
    .values({
      id: deliverableId,
      org_id: orgId,
      episode_id: episodeId,
      title: 'Bench cut',
      kind: 'cut',
      status: 'submitted',
      due_date: null,
      ...ts,
    })
    .execute();
  await db
    .insertInto('deliverable_versions')
    .values({
      id: versionId,
      org_id: orgId,
      deliverable_id: deliverableId,
      number: 1,
      status: 'ready',
      original_filename: 'bench.mov',
      content_type: 'video/quicktime',
      size_bytes: 1,
      storage_key: `bench/${versionId}`,
      sha256: null,
      media_kind: 'video',
      frame_rate_num: 30000,
      frame_rate_den: 1001,
      duration_frames: HOUR_FRAMES,
      duration_ms: null,
      start_frame: 107_892,
      drop_frame: 1,
      width: 1920,
      height: 1080,
      probe_error: null,
      proxy_status: 'not_needed' as const,
      proxy_key: null,
      proxy_error: null,
      poster_key: null,
      thumbnails_key: null,
      waveform_key: null,
      processing_stage: null,
      processing_percent: null,
      processing_eta_seconds: null,
      uploaded_by: userId,
      ...ts,
    })
    .execute();
  await db.transaction().execute(async (tx) => {
    const rows = doc.notes.map((n) => ({
      id: newId(),
      org_id: orgId,
      version_id: versionId,
      deliverable_id: deliverableId,
      parent_id: null,
      author_type: 'user' as const,
      author_user_id: userId,
      author_portal_user_id: null,
      author_name: n.author,
      body: n.body,
      visibility: n.visibility,
      frame: n.frame,
      duration_frames: n.durationFrames,
      source: 'preroll' as const,
      edited_at: null,
      deleted_at: null,
      ...ts,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await tx
        .insertInto('comments')
        .values(rows.slice(i, i + 500))
        .execute();
  });
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

/**
 * API read latency with 10,000 comments on one version, over real HTTP on loopback against the
 * real server (SQLite, then PostgreSQL when reachable). Comments are bulk-inserted straight into
 * the comments table; then N sequential reads are timed (after a warm-up) and p50/p99 printed,
 * with ratios from the same run: p99/p50, comments-read/members-read, PG/SQLite.
 *
 * Measured reads:
 *   - GET /api/v1/versions/{id}/comments (the whole timeline of the version), when the route exists;
 *   - GET /api/v1/members (a small authenticated read: the baseline cost of a request);
 *   - a direct paged comment query (50 per page by id, through the store executor, no HTTP).
 */
import { loadConfig } from '../apps/server/src/config/config.ts';
import { newId } from '../apps/server/src/lib/ids.ts';
import { composePreroll } from '../apps/server/src/server.ts';
import { fmt, freshDatabase, machineLine, percentile, postgresAvailable } from './bench-support.ts';

const COMMENTS = 10_000;
const WARMUP = 10;
/** Each measurement stops at MAX_READS or after BUDGET_MS, whichever comes first. */
const MAX_READS = 300;
const BUDGET_MS = 6_000;
const PAGE = 50;

interface Measured {
  name: string;
  n: number;
  p50: number;
  p99: number;
  mean: number;
}

async function time(name: string, read: (i: number) => Promise<void>): Promise<Measured> {
  for (let i = 0; i < WARMUP; i++) await read(i);
  const samples: number[] = [];
  const deadline = performance.now() + BUDGET_MS;
  for (let i = 0; i < MAX_READS && performance.now() < deadline; i++) {
    const t = performance.now();
    await read(i);
    samples.push(performance.now() - t);
  }
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { name, n: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99), mean };
}

async function measure(dialect: 'sqlite' | 'postgres'): Promise<{ results: Measured[]; note: string }> {
  const target = await freshDatabase(dialect, 'api');
  const config = loadConfig({
    PORT: '0',
    PREROLL_DATA_DIR: target.dataDir,
    DATABASE_URL: target.databaseUrl,
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
        organization_name: 'Bench Post',
      }),
    });
    if (signup.status !== 201) throw new Error(`signup failed: ${signup.status} ${await signup.text()}`);
    const { data } = (await signup.json()) as {
      data: { user: { id: string }; active_organization: { id: string } };
    };
    const cookie = signup.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const orgId = data.active_organization.id;
    const versionId = await seed(preroll.store.executor, orgId, data.user.id);

    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${body.slice(0, 200)}`);
      return body;
    };

    const results: Measured[] = [];
    let note: string;
    const probe = await fetch(`${base}/api/v1/versions/${versionId}/comments`, { headers: { cookie } });
    const probeBody = await probe.text();
    if (probe.status === 200) {
      const count = (JSON.parse(probeBody) as { data: unknown[] }).data.length;
      note = `GET /api/v1/versions/{id}/comments returns ${count} top-level items, ${(probeBody.length / 1024).toFixed(0)} KiB per response`;
      results.push(
        await time('GET /versions/{id}/comments', () =>
          get(`/api/v1/versions/${versionId}/comments`).then(() => {}),
        ),
      );
    } else {
      note = `GET /api/v1/versions/{id}/comments answered ${probe.status} (not available yet): measured members + direct query only`;
    }
    results.push(await time('GET /members', () => get('/api/v1/members').then(() => {})));

    // A page of 50 comments by id, resumed from a cursor spread across the 10,000 rows.
    const ids = (
      await preroll.db
        .selectFrom('comments')
        .select('id')
        .where('version_id', '=', versionId)
        .orderBy('id')
        .execute()
    ).map((r) => r.id);
    results.push(
      await time(`direct paged query (${PAGE}/page)`, async (i) => {
        const after = ids[(i * 97) % (ids.length - PAGE)] ?? '';
        const rows = await preroll.db
          .selectFrom('comments')
          .selectAll()
          .where('org_id', '=', orgId)
          .where('version_id', '=', versionId)
          .where('id', '>', after)
          .orderBy('id')
          .limit(PAGE + 1)
          .execute();
        if (rows.length !== PAGE + 1) throw new Error(`page had ${rows.length} rows`);
      }),
    );
    return { results, note };
  } finally {
    await preroll.close();
    await target.drop();
  }
}

/** client → show → episode → deliverable → version, then 10,000 comments (10 % replies) in one transaction. */
async function seed(
  db: Awaited<ReturnType<typeof composePreroll>>['store']['executor'],
  orgId: string,
  userId: string,
): Promise<string> {
  const now = new Date().toISOString();
  const ts = { created_at: now, updated_at: now };
  const clientId = newId();
  const showId = newId();
  const episodeId = newId();
  const deliverableId = newId();
  const versionId = newId();
  await db
    .insertInto('clients')
    .values({ id: clientId, org_id: orgId, name: 'Bench Client', contact_email: null, notes: null, ...ts })
    .execute();
  await db
    .insertInto('shows')
    .values({ id: showId, org_id: orgId, client_id: clientId, title: 'Bench Show', description: null, ...ts })
    .execute();
  await db
    .insertInto('episodes')
    .values({
      id: episodeId,
      org_id: orgId,
      show_id: showId,
      title: 'Pilot',
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
      title: 'Rough cut',
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
      original_filename: 'rough-cut.mp4',
      content_type: 'video/mp4',
      size_bytes: 1_000_000,
      storage_key: `bench/${versionId}`,
      sha256: null,
      media_kind: 'video',
      frame_rate_num: 24_000,
      frame_rate_den: 1_001,
      duration_frames: 24 * 60 * 60,
      duration_ms: 3_600_000,
      start_frame: 0,
      drop_frame: 0,
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
    const rows = [];
    const topLevel: string[] = [];
    for (let i = 0; i < COMMENTS; i++) {
      const id = newId();
      const reply = i % 10 === 9 && topLevel.length > 0;
      if (!reply) topLevel.push(id);
      rows.push({
        id,
        org_id: orgId,
        version_id: versionId,
        deliverable_id: deliverableId,
        parent_id: reply ? (topLevel[(i * 7) % topLevel.length] ?? null) : null,
        author_type: 'user' as const,
        author_user_id: userId,
        author_portal_user_id: null,
        author_name: 'Bench',
        body: `Note ${i}: the cut lingers a beat too long on the wide shot before the dialogue starts.`,
        visibility: i % 3 === 0 ? ('internal' as const) : ('client' as const),
        frame: (i * 37) % (24 * 60 * 60),
        duration_frames: i % 5 === 0 ? 48 : null,
        source: 'preroll' as const,
        edited_at: null,
        deleted_at: null,
        ...ts,
      });
    }
    for (let i = 0; i < rows.length; i += 500)
      await tx
        .insertInto('comments')
        .values(rows.slice(i, i + 500))
        .execute();
  });
  return versionId;
}

console.log(machineLine());
console.log(
  `${COMMENTS} comments on one version; up to ${MAX_READS} sequential reads per line (${BUDGET_MS / 1000} s cap) after ${WARMUP} warm-up reads`,
);
const runs: Array<{ dialect: string; results: Measured[]; note: string }> = [];
runs.push({ dialect: 'sqlite', ...(await measure('sqlite')) });
if (await postgresAvailable()) runs.push({ dialect: 'postgres', ...(await measure('postgres')) });
else console.log('PostgreSQL not reachable: measured SQLite only');

for (const run of runs) {
  console.log(`\n[${run.dialect}] ${run.note}`);
  console.log('read                                   n   p50 ms   p99 ms  mean ms  p99/p50');
  for (const r of run.results) {
    console.log(
      `${r.name.padEnd(35)} ${String(r.n).padStart(4)} ${fmt(r.p50).padStart(8)} ${fmt(r.p99).padStart(8)} ${fmt(r.mean).padStart(8)} ${fmt(r.p99 / r.p50).padStart(8)}`,
    );
  }
  const comments = run.results.find((r) => r.name.startsWith('GET /versions'));
  const members = run.results.find((r) => r.name === 'GET /members');
  if (comments && members)
    console.log(`comments read / members read (p50): ${fmt(comments.p50 / members.p50)}`);
}
if (runs.length > 1) {
  console.log('\nPG / SQLite (p50), same run:');
  for (const r of runs[0]?.results ?? []) {
    const pgResult = runs[1]?.results.find((x) => x.name === r.name);
    if (pgResult) console.log(`  ${r.name.padEnd(35)} ${fmt(pgResult.p50 / r.p50)}`);
  }
}

/**
 * Reading a 10,000-comment review, over real HTTP on loopback against the real server (SQLite,
 * then PostgreSQL when reachable), every line in the same run:
 *   - GET /versions/{id}/comments, the whole list (what the player read before it paged);
 *   - GET /versions/{id}/timeline-markers, the slim read the player's timeline draws every marker from;
 *   - GET /versions/{id}/comments?limit=50, the list's first page, and a page deep in the list
 *     (its cursor from one walk through every page);
 *   - GET /members, a small authenticated read: the baseline cost of a request.
 * Prints p50/p99 of each, response sizes, and ratios: markers + first page against the whole list
 * (what the player waits for before and now), each read against members, PG against SQLite.
 *
 * @bench-timeout 240 (the whole list takes seconds per read on a loaded machine, on two databases)
 */
import { type BenchSession, seedLongReview, startInProcess } from './bench-seed.ts';
import {
  fmt,
  freshDatabase,
  machineLine,
  postgresAvailable,
  type Sampled,
  sampleReads,
} from './bench-support.ts';

const COMMENTS = 10_000;
const WARMUP = 3;
/** Each measurement stops at MAX_READS or after BUDGET_MS, whichever comes first. */
const MAX_READS = 300;
const BUDGET_MS = 6_000;
const PAGE = 50;

type Measured = Sampled & { kib: number };

/** Timed reads of one path; `read` answers the response's length, reported in KiB. */
async function time(name: string, read: () => Promise<number>): Promise<Measured> {
  const kib = (await read()) / 1024;
  const sampled = await sampleReads(name, read, { warmup: WARMUP, maxReads: MAX_READS, budgetMs: BUDGET_MS });
  return { ...sampled, kib };
}

async function measure(dialect: 'sqlite' | 'postgres'): Promise<{ results: Measured[]; note: string }> {
  const target = await freshDatabase(dialect, 'api');
  const { preroll, base, session } = await startInProcess(target);
  try {
    const { versionId } = await seedLongReview(preroll.db, session, COMMENTS);
    const get = (s: BenchSession) => async (path: string) => {
      const res = await fetch(`${base}/api/v1${path}`, { headers: { cookie: s.cookie } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${body.slice(0, 200)}`);
      return body;
    };
    const read = get(session);
    const comments = `/versions/${versionId}/comments`;
    // A cursor halfway through: walk the pages once, as a reader scrolling to the end would.
    const cursors: string[] = [];
    let cursor: string | null = null;
    do {
      const page = JSON.parse(
        await read(`${comments}?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`),
      ) as {
        next_cursor: string | null;
      };
      cursor = page.next_cursor;
      if (cursor) cursors.push(cursor);
    } while (cursor);
    const deep = cursors[Math.floor(cursors.length / 2)]!;
    const markers = JSON.parse(await read(`/versions/${versionId}/timeline-markers`)) as {
      data: { markers: unknown[] };
    };
    const note = `${markers.data.markers.length} markers; ${cursors.length + 1} pages of ${PAGE} threads to the end of the list`;
    const sized = (p: string) => async () => (await read(p)).length;
    const results = [
      await time('whole list  /comments', sized(comments)),
      await time('markers     /timeline-markers', sized(`/versions/${versionId}/timeline-markers`)),
      await time(`first page  /comments?limit=${PAGE}`, sized(`${comments}?limit=${PAGE}`)),
      await time(
        `deep page   /comments?limit=${PAGE}&cursor`,
        sized(`${comments}?limit=${PAGE}&cursor=${deep}`),
      ),
      await time('baseline    /members', sized('/members')),
    ];
    return { results, note };
  } finally {
    await preroll.close();
    await target.drop();
  }
}

console.log(machineLine());
console.log(
  `${COMMENTS} comments on one version (10 % replies, a third internal); up to ${MAX_READS} sequential reads per line (${BUDGET_MS / 1000} s cap) after ${WARMUP} warm-up reads`,
);
const runs: Array<{ dialect: string; results: Measured[]; note: string }> = [];
runs.push({ dialect: 'sqlite', ...(await measure('sqlite')) });
if (await postgresAvailable()) runs.push({ dialect: 'postgres', ...(await measure('postgres')) });
else console.log('PostgreSQL not reachable: measured SQLite only');

for (const run of runs) {
  const [whole, markers, first, , members] = run.results;
  console.log(`\n[${run.dialect}] ${run.note}`);
  console.log('read                                       n   p50 ms   p99 ms     KiB  p50/members');
  for (const r of run.results) {
    console.log(
      `${r.name.padEnd(40)} ${String(r.n).padStart(4)} ${fmt(r.p50).padStart(8)} ${fmt(r.p99).padStart(8)} ${fmt(r.kib, 0).padStart(7)} ${fmt(r.p50 / members!.p50).padStart(12)}`,
    );
  }
  const now = markers!.p50 + first!.p50;
  console.log(
    `[${run.dialect}] the player's first read, markers + first page vs the whole list (p50): ${fmt(now)} vs ${fmt(whole!.p50)} ms, ${fmt(whole!.p50 / now)}× faster; markers p99 ${fmt(markers!.p99)} ms, first page p99 ${fmt(first!.p99)} ms (goal < 50)`,
  );
}
if (runs.length > 1) {
  console.log('\nPG / SQLite (p50), same run:');
  for (const r of runs[0]?.results ?? []) {
    const pgResult = runs[1]?.results.find((x) => x.name === r.name);
    if (pgResult) console.log(`  ${r.name.padEnd(40)} ${fmt(pgResult.p50 / r.p50)}`);
  }
}

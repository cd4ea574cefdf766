/**
 * Reading a 10,000-comment review, as the player does, over real HTTP against the real server
 * (SQLite, then PostgreSQL when reachable), in the same run:
 *   - the whole list, GET /versions/{id}/comments (what the player read before);
 *   - the timeline's slim markers, GET /versions/{id}/timeline-markers (every placed thread);
 *   - the first page of 50 threads, GET /versions/{id}/comments?limit=50, and a page deep in the
 *     list (its cursor taken from a walk through every page).
 * Prints p50/p99 of each, the markers+page / whole-list ratio, and response sizes.
 */
import { type BenchSession, seedLongReview, startInProcess } from './bench-seed.ts';
import { fmt, freshDatabase, machineLine, percentile, postgresAvailable } from './bench-support.ts';

const COMMENTS = 10_000;
const WARMUP = 5;
/** Each measurement stops at MAX_READS or after BUDGET_MS, whichever comes first. */
const MAX_READS = 200;
const BUDGET_MS = 5_000;
const PAGE = 50;

interface Measured {
  name: string;
  n: number;
  p50: number;
  p99: number;
  kib: number;
}

async function time(name: string, read: () => Promise<number>): Promise<Measured> {
  let bytes = 0;
  for (let i = 0; i < WARMUP; i++) bytes = await read();
  const samples: number[] = [];
  const deadline = performance.now() + BUDGET_MS;
  for (let i = 0; i < MAX_READS && performance.now() < deadline; i++) {
    const t = performance.now();
    await read();
    samples.push(performance.now() - t);
  }
  return {
    name,
    n: samples.length,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    kib: bytes / 1024,
  };
}

async function measure(dialect: 'sqlite' | 'postgres'): Promise<Measured[]> {
  const target = await freshDatabase(dialect, 'comments');
  const { preroll, base, session } = await startInProcess(target);
  try {
    const { versionId } = await seedLongReview(preroll.db, session, COMMENTS);
    const get = (s: BenchSession) => async (path: string) => {
      const res = await fetch(`${base}/api/v1/versions/${versionId}${path}`, {
        headers: { cookie: s.cookie },
      });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${body.slice(0, 200)}`);
      return body;
    };
    const read = get(session);
    // A cursor halfway through: walk the pages once, as a reader scrolling to the end would.
    const cursors: string[] = [];
    let cursor: string | null = null;
    do {
      const page = JSON.parse(await read(`/comments?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`)) as {
        next_cursor: string | null;
      };
      cursor = page.next_cursor;
      if (cursor) cursors.push(cursor);
    } while (cursor);
    const deep = cursors[Math.floor(cursors.length / 2)]!;
    const markerCount = (JSON.parse(await read('/timeline-markers')) as { data: unknown[] }).data.length;
    console.log(
      `[${dialect}] ${markerCount} markers, ${cursors.length + 1} pages of ${PAGE} threads to the end of the list`,
    );
    const sized = (p: string) => async () => (await read(p)).length;
    return [
      await time('whole list  /comments', sized('/comments')),
      await time('markers     /timeline-markers', sized('/timeline-markers')),
      await time(`first page  /comments?limit=${PAGE}`, sized(`/comments?limit=${PAGE}`)),
      await time(
        `deep page   /comments?limit=${PAGE}&cursor`,
        sized(`/comments?limit=${PAGE}&cursor=${deep}`),
      ),
    ];
  } finally {
    await preroll.close();
    await target.drop();
  }
}

console.log(machineLine());
console.log(
  `${COMMENTS} comments on one version; up to ${MAX_READS} sequential reads per line (${BUDGET_MS / 1000} s cap) after ${WARMUP} warm-up reads`,
);
const dialects: Array<'sqlite' | 'postgres'> = ['sqlite'];
if (await postgresAvailable()) dialects.push('postgres');
else console.log('PostgreSQL not reachable: measured SQLite only');
for (const dialect of dialects) {
  const results = await measure(dialect);
  console.log('read                                       n   p50 ms   p99 ms   KiB');
  for (const r of results)
    console.log(
      `${r.name.padEnd(40)} ${String(r.n).padStart(4)} ${fmt(r.p50).padStart(8)} ${fmt(r.p99).padStart(8)} ${fmt(r.kib, 0).padStart(6)}`,
    );
  const [whole, markers, first] = results;
  console.log(
    `[${dialect}] player's first read, markers + first page vs whole list: p50 ${fmt(markers!.p50 + first!.p50)} vs ${fmt(whole!.p50)} ms (${fmt(whole!.p50 / (markers!.p50 + first!.p50))}× faster); p99 of markers ${fmt(markers!.p99)} ms (goal < 50)`,
  );
}

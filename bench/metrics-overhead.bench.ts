/**
 * The cost of metrics on request latency: two servers in this process on SQLite, identical but for
 * PREROLL_METRICS (on: request id + latency histogram per route; off: request id only), each with
 * a show to read. Requests alternate between them (A, B, A, B …) so drift hits both alike; printed:
 * p50, p99 and mean per server, the on/off ratios, the absolute difference, and a /metrics scrape.
 */
import { loadConfig } from '../apps/server/src/config/config.ts';
import { composePreroll, type Preroll } from '../apps/server/src/server.ts';
import { fmt, freshDatabase, machineLine, percentile } from './bench-support.ts';

const WARMUP = 200;
const ROUNDS = 3_000;

interface Server {
  preroll: Preroll;
  base: string;
  cookie: string;
  path: string;
  drop(): Promise<void>;
}

async function start(metrics: 'on' | 'off'): Promise<Server> {
  const db = await freshDatabase('sqlite', `metrics-${metrics}`);
  const config = loadConfig({
    PORT: '0',
    PREROLL_DATA_DIR: db.dataDir,
    LOG_LEVEL: 'silent',
    PREROLL_SEED_DEMO: 'off',
    PREROLL_WORKER: 'off',
    PREROLL_METRICS: metrics,
  });
  const preroll = await composePreroll(config);
  const base = (await preroll.app.listen({ port: 0, host: '127.0.0.1' })).replace('[::1]', '127.0.0.1');
  const signup = await fetch(`${base}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `bench-${metrics}@example.test`,
      password: 'correct horse battery',
      name: 'Bench',
      organization_name: 'Bench',
    }),
  });
  const cookies = signup.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const cookie = cookies.join('; ');
  const csrf = cookies.find((c) => c.startsWith('preroll_csrf='))!.split('=')[1]!;
  const post = async (path: string, body: unknown) =>
    (
      await (
        await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
          body: JSON.stringify(body),
        })
      ).json()
    ).data;
  const client = await post('/api/v1/clients', { name: 'Acme' });
  const show = await post(`/api/v1/clients/${client.id}/shows`, { title: 'Show' });
  return {
    preroll,
    base,
    cookie,
    path: `/api/v1/shows/${show.id}`,
    async drop() {
      await preroll.close();
      await db.drop();
    },
  };
}

async function read(s: Server): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${s.base}${s.path}`, { headers: { cookie: s.cookie } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`read answered ${res.status}`);
  return performance.now() - t;
}

const on = await start('on');
const off = await start('off');
try {
  for (let i = 0; i < WARMUP; i++) {
    await read(on);
    await read(off);
  }
  const samples = { on: [] as number[], off: [] as number[] };
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate which goes first, so neither always follows the other.
    if (i % 2 === 0) {
      samples.on.push(await read(on));
      samples.off.push(await read(off));
    } else {
      samples.off.push(await read(off));
      samples.on.push(await read(on));
    }
  }
  const stats = (xs: number[]) => ({
    p50: percentile(xs, 50),
    p99: percentile(xs, 99),
    mean: xs.reduce((a, b) => a + b, 0) / xs.length,
  });
  const a = stats(samples.on);
  const b = stats(samples.off);
  const scrapes: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await (await fetch(`${on.base}/metrics`)).text();
    scrapes.push(performance.now() - t);
  }
  const metricsOff = await fetch(`${off.base}/metrics`);
  console.log(machineLine());
  console.log(`GET /api/v1/shows/:id, ${ROUNDS} requests per server, alternating, SQLite, loopback HTTP`);
  console.log(`  metrics on : p50 ${fmt(a.p50, 3)} ms  p99 ${fmt(a.p99, 3)} ms  mean ${fmt(a.mean, 3)} ms`);
  console.log(`  metrics off: p50 ${fmt(b.p50, 3)} ms  p99 ${fmt(b.p99, 3)} ms  mean ${fmt(b.mean, 3)} ms`);
  console.log(
    `  on/off ratio: p50 ${fmt(a.p50 / b.p50, 3)}  p99 ${fmt(a.p99 / b.p99, 3)}  mean ${fmt(a.mean / b.mean, 3)}` +
      `  (mean difference ${fmt((a.mean - b.mean) * 1000, 1)} µs per request)`,
  );
  console.log(
    `  /metrics scrape (after ${ROUNDS + WARMUP} requests): p50 ${fmt(percentile(scrapes, 50), 2)} ms; with metrics off /metrics answers ${metricsOff.status}`,
  );
} finally {
  await on.drop();
  await off.drop();
}

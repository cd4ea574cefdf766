/**
 * Two-way comment sync figure: Frame.io webhook ingest. N signed deliveries POSTed over loopback
 * HTTP (keep-alive, 16 in flight) to the real receiver (`/api/integrations/frameio/webhooks`: raw
 * body, HMAC-SHA256 in constant time, ±300 s, routing, delivery row + processing job in one
 * transaction). The worker is off, so this is the receiver alone. Reports deliveries/s verified and
 * durably recorded (rows counted afterwards), and p50/p99 time to answer, on SQLite and on
 * PostgreSQL.
 * Targets (docs/frameio.md, section 6, "Figures"): ≥ 1,000 deliveries/s with p99 < 25 ms on loopback.
 * Env: BENCH_WEBHOOKS (default 3000), BENCH_WEBHOOK_CONCURRENCY (default 16).
 */
import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import { loadConfig } from '../apps/server/src/config/config.ts';
import { newId } from '../apps/server/src/lib/ids.ts';
import { loadSecretKey, SecretBox } from '../apps/server/src/repositories/secret-box.ts';
import { composePreroll } from '../apps/server/src/server.ts';
import { fmt, freshDatabase, machineLine, percentile, postgresAvailable } from './bench-support.ts';

const N = Number(process.env.BENCH_WEBHOOKS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_WEBHOOK_CONCURRENCY ?? 16);
const SECRET = 'bench-webhook-secret';
const ACCOUNT = randomUUID();
const WORKSPACE = randomUUID();

async function measure(dialect: 'sqlite' | 'postgres') {
  const target = await freshDatabase(dialect, 'webhooks');
  const config = loadConfig({
    PORT: '0',
    PREROLL_DATA_DIR: target.dataDir,
    ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}),
    LOG_LEVEL: 'silent',
    PREROLL_SEED_DEMO: 'off',
    PREROLL_WORKER: 'off',
    PUBLIC_URL: 'http://127.0.0.1:1',
  });
  const preroll = await composePreroll(config, {});
  try {
    const address = await preroll.app.listen({ port: 0, host: '127.0.0.1' });
    const url = new URL('/api/integrations/frameio/webhooks', address.replace('[::1]', '127.0.0.1'));
    const db = preroll.db;
    const now = new Date().toISOString();
    const orgId = newId();
    await db
      .insertInto('organizations')
      .values({ id: orgId, name: 'Bench', settings_json: '{}', created_at: now, updated_at: now })
      .execute();
    const box = new SecretBox(loadSecretKey({ secretKeyHex: config.secretKeyHex, dataDir: config.dataDir }));
    await db
      .insertInto('frameio_webhooks')
      .values({
        id: newId(),
        org_id: orgId,
        account_id: ACCOUNT,
        workspace_id: WORKSPACE,
        remote_id: randomUUID(),
        secret_enc: box.seal(SECRET),
        url: url.href,
        events_json: '[]',
        created_at: now,
        updated_at: now,
      })
      .execute();

    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const post = (body: string) =>
      new Promise<number>((resolve, reject) => {
        const ts = String(Math.floor(Date.now() / 1000));
        const sig = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
        const req = http.request(
          url,
          {
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              'x-frameio-request-timestamp': ts,
              'x-frameio-signature': sig,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const payload = () =>
      JSON.stringify({
        account: { id: ACCOUNT },
        project: { id: randomUUID() },
        resource: { id: randomUUID(), type: 'comment' },
        type: 'comment.created',
        user: { id: randomUUID() },
        workspace: { id: WORKSPACE },
      });
    // Warm-up (JIT, pools), not counted.
    for (let i = 0; i < 50; i++) await post(payload());

    const latencies: number[] = [];
    let bad = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < N) {
          next += 1;
          const body = payload();
          const t0 = performance.now();
          const status = await post(body);
          latencies.push(performance.now() - t0);
          if (status !== 202) bad += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const stored = await db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    const jobs = await db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('type', '=', 'frameio.webhook')
      .executeTakeFirstOrThrow();
    agent.destroy();
    return {
      dialect,
      perSecond: N / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      stored: Number(stored.n) - 50,
      jobs: Number(jobs.n) - 50,
      bad,
    };
  } finally {
    await preroll.close();
    await target.drop();
  }
}

console.log(machineLine());
console.log(`webhook ingest: ${N} signed deliveries, ${CONCURRENCY} in flight, worker off`);
const dialects: Array<'sqlite' | 'postgres'> = ['sqlite'];
if (await postgresAvailable()) dialects.push('postgres');
else console.log('postgres: not reachable, skipped');
for (const d of dialects) {
  const r = await measure(d);
  console.log(
    `${r.dialect.padEnd(8)} ${fmt(r.perSecond, 0)} deliveries/s verified+recorded; answer p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms; stored ${r.stored}/${N}, jobs ${r.jobs}/${N}, non-202 ${r.bad}`,
  );
}

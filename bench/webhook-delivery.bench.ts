/**
 * Outgoing webhook delivery throughput: events are recorded first (comments created over the API,
 * each fanning out to the endpoints inside its transaction), then one in-process worker (4 jobs at
 * a time) is started and timed until a loopback receiver has every delivery. Printed per database
 * (SQLite, then PostgreSQL when reachable): deliveries/s with 1 endpoint and with 4, the fan-out
 * cost at event time, and the ratios (4 endpoints / 1, PostgreSQL / SQLite) from the same run.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { loadConfig } from '../apps/server/src/config/config.ts';
import { newId } from '../apps/server/src/lib/ids.ts';
import { composePreroll } from '../apps/server/src/server.ts';
import { insertVersion } from './bench-seed.ts';
import { fmt, freshDatabase, machineLine, postgresAvailable } from './bench-support.ts';

const EVENTS = 300;
const DELIVERY_BUDGET_MS = 30_000;

interface Run {
  endpoints: number;
  deliveries: number;
  perSecond: number;
  eventMs: number;
  verified: boolean;
}

async function receiver() {
  let count = 0;
  const bodies: Array<{ headers: Record<string, string>; body: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      count += 1;
      // Keep a few to verify after the run (verifying all would time the receiver, not preroll).
      if (bodies.length < 5)
        bodies.push({
          headers: req.headers as Record<string, string>,
          body: Buffer.concat(chunks).toString(),
        });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received: () => count,
    bodies,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function run(dialect: 'sqlite' | 'postgres', endpoints: number): Promise<Run> {
  const db = await freshDatabase(dialect, `hooks${endpoints}`);
  const config = loadConfig({
    PORT: '0',
    PREROLL_DATA_DIR: db.dataDir,
    DATABASE_URL: db.databaseUrl,
    LOG_LEVEL: 'silent',
    PREROLL_SEED_DEMO: 'off',
    PREROLL_WORKER: 'off',
    PREROLL_WEBHOOKS_ALLOW_PRIVATE: '127.0.0.1',
  });
  const preroll = await composePreroll(config);
  const hook = await receiver();
  try {
    const base = (await preroll.app.listen({ port: 0, host: '127.0.0.1' })).replace('[::1]', '127.0.0.1');
    const signup = await fetch(`${base}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'b@example.test',
        password: 'correct horse battery',
        name: 'B',
        organization_name: 'B',
      }),
    });
    const cookies = signup.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const headers = {
      'content-type': 'application/json',
      cookie: cookies.join('; '),
      'x-csrf-token': cookies.find((c) => c.startsWith('preroll_csrf='))!.split('=')[1]!,
    };
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()).data;
    };
    const orgId = (await (await fetch(`${base}/api/v1/me`, { headers })).json()).data.active_organization.id;
    const client = await post('/api/v1/clients', { name: 'Acme' });
    const show = await post(`/api/v1/clients/${client.id}/shows`, { title: 'Show' });
    const episode = await post(`/api/v1/shows/${show.id}/episodes`, { title: 'Ep' });
    const deliverable = await post(`/api/v1/episodes/${episode.id}/deliverables`, {
      title: 'Cut',
      kind: 'cut',
    });
    const versionId = newId();
    await insertVersion(preroll.db, orgId, deliverable.id, {
      rate: [25, 1],
      durationFrames: 10_000,
      row: { id: versionId, original_filename: 'cut.mov', storage_key: `bench/${versionId}` },
    });
    let secret = '';
    for (let i = 0; i < endpoints; i++)
      secret = (await post('/api/v1/webhook-endpoints', { url: hook.url, events: ['comment.created'] }))
        .secret;
    const started = performance.now();
    for (let i = 0; i < EVENTS; i++)
      await post(`/api/v1/versions/${versionId}/comments`, { body: `Note ${i}`, frame: i });
    const eventMs = (performance.now() - started) / EVENTS;
    const expected = EVENTS * endpoints;
    const t0 = performance.now();
    const stop = preroll.startWorker();
    const deadline = t0 + DELIVERY_BUDGET_MS;
    while (hook.received() < expected && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    const seconds = (performance.now() - t0) / 1000;
    await stop();
    const last = hook.bodies.at(-1);
    let verified = false;
    try {
      // The receiver's time is now; the library checks the signature and the timestamp.
      verified =
        last !== undefined && Boolean(new Webhook(secret).verify(last.body, last.headers)) && endpoints === 1;
    } catch {
      verified = false;
    }
    return {
      endpoints,
      deliveries: hook.received(),
      perSecond: hook.received() / seconds,
      eventMs,
      verified,
    };
  } finally {
    await hook.close();
    await preroll.close();
    await db.drop();
  }
}

console.log(machineLine());
const dialects: Array<'sqlite' | 'postgres'> = ['sqlite'];
if (await postgresAvailable()) dialects.push('postgres');
else console.log('PostgreSQL not reachable: SQLite only');
const rates: Record<string, number> = {};
for (const dialect of dialects) {
  for (const endpoints of [1, 4]) {
    const r = await run(dialect, endpoints);
    rates[`${dialect}:${endpoints}`] = r.perSecond;
    console.log(
      `${dialect.padEnd(8)} ${endpoints} endpoint(s): ${r.deliveries}/${EVENTS * endpoints} delivered, ${fmt(r.perSecond, 1)} deliveries/s; ` +
        `comment create with fan-out ${fmt(r.eventMs, 2)} ms` +
        (endpoints === 1 ? `; a delivery verified with standardwebhooks: ${r.verified}` : ''),
    );
  }
  console.log(
    `${dialect.padEnd(8)} ratio 4 endpoints / 1 endpoint (deliveries/s): ${fmt(rates[`${dialect}:4`]! / rates[`${dialect}:1`]!, 2)}`,
  );
}
if (rates['postgres:1'])
  console.log(
    `PostgreSQL / SQLite (1 endpoint, deliveries/s): ${fmt(rates['postgres:1'] / rates['sqlite:1']!, 2)}`,
  );

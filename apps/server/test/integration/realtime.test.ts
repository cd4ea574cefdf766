import os from 'node:os';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.ts';
import {
  type EventBus,
  InProcessEventBus,
  type Listener,
  type RealtimeEvent,
} from '../../src/realtime/event-bus.ts';
import {
  encodeEnvelope,
  NOTIFY_PAYLOAD_LIMIT,
  PostgresEventBus,
} from '../../src/repositories/postgres-event-bus.ts';
import { startPairOnOneDatabase } from '../helpers/server-pair.ts';
import { SseStream } from '../helpers/sse-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDatabase } from '../helpers/test-database.ts';

const usePostgres = Boolean(process.env.DATABASE_URL);

/** Counts live subscriptions, to prove a closed socket unsubscribes. */
class CountingBus implements EventBus {
  private readonly inner = new InProcessEventBus();
  live = 0;
  publish(orgId: string, event: RealtimeEvent) {
    return this.inner.publish(orgId, event);
  }
  subscribe(orgId: string, listener: Listener) {
    this.live += 1;
    const off = this.inner.subscribe(orgId, listener);
    return () => {
      this.live -= 1;
      off();
    };
  }
  close() {
    return this.inner.close();
  }
}

function sessionHeaders(token: string | undefined): Record<string, string> {
  if (!token) throw new Error('no session cookie');
  return { cookie: `preroll_session=${token}` };
}

async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A portal user of a new client in the org, logged in (session created the way the magic link will). */
async function portalSession(app: TestApp, orgId: string) {
  const db = app.preroll.db;
  const now = new Date().toISOString();
  const clientId = newId();
  const portalUserId = newId();
  await db
    .insertInto('clients')
    .values({
      id: clientId,
      org_id: orgId,
      name: 'Acme',
      contact_email: null,
      notes: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('portal_users')
    .values({
      id: portalUserId,
      org_id: orgId,
      client_id: clientId,
      email: `${portalUserId}@client.test`,
      name: 'Client',
      created_at: now,
    })
    .execute();
  const grant = await app.preroll.services.auth.createSession(app.preroll.store, { portalUserId, orgId });
  return { clientId, headers: sessionHeaders(grant.token) };
}

let app: TestApp;
const streams: SseStream[] = [];
async function openStream(target: TestApp | string, headers: Record<string, string>) {
  const base = typeof target === 'string' ? target : target.url;
  const stream = await SseStream.open(`${base}/api/v1/events`, headers);
  streams.push(stream);
  return stream;
}

beforeAll(async () => {
  app = await startTestApp({ PREROLL_WORKER: 'off' });
});
afterAll(async () => {
  for (const s of streams) s.close();
  await app?.close();
});

describe('GET /api/v1/events (SSE)', () => {
  it('answers 401 unauthorized without a session or API key', async () => {
    const res = await fetch(`${app.url}/api/v1/events`, { headers: { accept: 'text/event-stream' } });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('answers 401 for an unknown session cookie', async () => {
    const res = await fetch(`${app.url}/api/v1/events`, { headers: { cookie: 'preroll_session=forged' } });
    expect(res.status).toBe(401);
  });

  it('opens an unbuffered event stream with a retry hint', async () => {
    const owner = await signUp(app);
    const stream = await openStream(app, sessionHeaders(owner.client.cookie('preroll_session')));
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get('cache-control')).toMatch(/no-cache/);
    expect(stream.response.headers.get('x-accel-buffering')).toBe('no');
    await stream.connected();
    expect(stream.retry).toBeGreaterThan(0);
    stream.close();
  });

  it("delivers an event published through the services' bus to a member of that org, and no other org's events", async () => {
    const owner = await signUp(app);
    const other = await signUp(app);
    const stream = await openStream(app, sessionHeaders(owner.client.cookie('preroll_session')));
    await stream.connected();
    // The services hold this same bus (ServiceDeps.events) and publish after their transactions commit.
    await app.preroll.events.publish(other.orgId, { type: 'comment.created', data: { id: 'foreign' } });
    await app.preroll.events.publish(owner.orgId, {
      type: 'comment.created',
      data: { id: 'c1', body: 'Tighten the cut' },
    });
    const got = await stream.waitFor((m) => m.data.id === 'c1');
    expect(got).toEqual({ type: 'comment.created', data: { id: 'c1', body: 'Tighten the cut' } });
    expect(stream.messages.map((m) => m.data.id)).toEqual(['c1']);
    stream.close();
  });

  it("pushes a change made through the API (POST /api/v1/clients → client.created) to the org's stream", async () => {
    const owner = await signUp(app);
    const stream = await openStream(app, sessionHeaders(owner.client.cookie('preroll_session')));
    await stream.connected();
    const created = await owner.client.post('/api/v1/clients', { name: 'Northwind Traders' });
    expect(created.status).toBe(201);
    const got = await stream.waitFor((m) => m.type === 'client.created');
    expect(got.data.id).toBe(created.body.data.id);
    stream.close();
  });

  it('works with an API key (Bearer) as well as the session cookie', async () => {
    const owner = await signUp(app);
    const key = await owner.client.post('/api/v1/api-keys', { name: 'sse' });
    expect(key.status).toBe(201);
    const stream = await openStream(app, { authorization: `Bearer ${key.body.data.key}` });
    await stream.connected();
    await app.preroll.events.publish(owner.orgId, {
      type: 'deliverable.status_changed',
      data: { id: 'd1', status: 'approved' },
    });
    await stream.waitFor((m) => m.data.id === 'd1');
    stream.close();
  });
});

describe('stream lifecycle', () => {
  let counted: TestApp;
  const bus = new CountingBus();
  beforeAll(async () => {
    counted = await startTestApp({ PREROLL_WORKER: 'off' }, { events: bus });
  });
  afterAll(async () => {
    await counted?.close();
  });

  it('unsubscribes when the client closes the socket', async () => {
    const owner = await signUp(counted);
    const stream = await openStream(counted, sessionHeaders(owner.client.cookie('preroll_session')));
    await stream.connected();
    expect(bus.live).toBe(1);
    stream.close();
    await until(() => bus.live === 0);
    // Publishing to a closed subscriber's org is harmless.
    await counted.preroll.events.publish(owner.orgId, { type: 'ping', data: {} });
  });

  it('does not hold up server shutdown while streams are open', async () => {
    const extra = await startTestApp({ PREROLL_WORKER: 'off' });
    const owner = await signUp(extra);
    const stream = await openStream(extra, sessionHeaders(owner.client.cookie('preroll_session')));
    await stream.connected();
    const started = Date.now();
    await extra.preroll.app.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    await extra.close();
  });
});

describe('NOTIFY payload limit', () => {
  it('sends an oversized event as its type and ids only, marked truncated', () => {
    const envelope = {
      orgId: 'o',
      origin: 'x',
      event: {
        type: 'comment.created',
        data: { id: 'c1', client_id: 'k1', visibility: 'client', body: 'é'.repeat(5000) },
      },
    };
    const encoded = encodeEnvelope(envelope);
    expect(Buffer.byteLength(encoded)).toBeLessThanOrEqual(NOTIFY_PAYLOAD_LIMIT);
    expect(JSON.parse(encoded).event).toEqual({
      type: 'comment.created',
      data: { truncated: true, id: 'c1', client_id: 'k1', visibility: 'client' },
    });
    const small = { ...envelope, event: { type: 't', data: { id: 'c1', body: 'short' } } };
    expect(JSON.parse(encodeEnvelope(small))).toEqual(small);
  });
});

describe('across processes on PostgreSQL (LISTEN/NOTIFY)', () => {
  it.skipIf(!usePostgres)('an event published in one server reaches an SSE client of the other', async () => {
    const pair = await startPairOnOneDatabase();
    try {
      expect(pair.a.preroll.events).toBeInstanceOf(PostgresEventBus);
      await (pair.a.preroll.events as PostgresEventBus).ready();
      await (pair.b.preroll.events as PostgresEventBus).ready();
      const owner = await signUp(pair.a);
      const portal = await portalSession(pair.a, owner.orgId);
      const memberStream = await openStream(pair.b, sessionHeaders(owner.client.cookie('preroll_session')));
      const portalStream = await openStream(pair.b, portal.headers);
      await memberStream.connected();
      await portalStream.connected();
      // A write through server A's API reaches the stream held by server B.
      const created = await owner.client.post('/api/v1/clients', { name: 'Across Processes Ltd' });
      expect(created.status).toBe(201);
      const viaApi = await memberStream.waitFor((m) => m.type === 'client.created');
      expect(viaApi.data.id).toBe(created.body.data.id);
      memberStream.messages.length = 0;
      const publish = (data: Record<string, unknown>) =>
        pair.a.preroll.events.publish(owner.orgId, { type: 'comment.created', data });
      await publish({ id: 'internal', client_id: portal.clientId, visibility: 'internal' });
      await publish({
        id: 'big',
        client_id: portal.clientId,
        visibility: 'client',
        body: 'x'.repeat(10_000),
      });
      await publish({ id: 'done', client_id: portal.clientId });
      await memberStream.waitFor((m) => m.data.id === 'done');
      await portalStream.waitFor((m) => m.data.id === 'done');
      expect(memberStream.messages.map((m) => m.data.id)).toEqual(['internal', 'big', 'done']);
      expect(portalStream.messages.map((m) => m.data.id)).toEqual(['big', 'done']);
      // Too big for NOTIFY: arrives as ids only, and the client refetches.
      expect(memberStream.messages[1]?.data).toEqual({
        truncated: true,
        id: 'big',
        client_id: portal.clientId,
        visibility: 'client',
      });
      // The publisher's own subscribers get it once (locally), not again from its NOTIFY echo.
      const local = await openStream(pair.a, sessionHeaders(owner.client.cookie('preroll_session')));
      await local.connected();
      await publish({ id: 'echo-check' });
      await publish({ id: 'echo-check-2' });
      await memberStream.waitFor((m) => m.data.id === 'echo-check-2');
      await new Promise((r) => setTimeout(r, 100));
      expect(local.messages.map((m) => m.data.id)).toEqual(['echo-check', 'echo-check-2']);
      for (const s of [memberStream, portalStream, local]) s.close();
    } finally {
      await pair.closeAll();
    }
  });

  it.skipIf(!usePostgres)('re-LISTENs after its connection is killed and delivers again', async () => {
    const database = await createTestDatabase();
    const { openDatabase } = await import('../../src/db/database.ts');
    const handle = openDatabase({ databaseUrl: database.databaseUrl, dataDir: os.tmpdir() });
    const errors: unknown[] = [];
    const publisher = new PostgresEventBus({
      db: handle.db,
      connectionString: database.databaseUrl ?? '',
      onError: () => {},
    });
    const receiver = new PostgresEventBus({
      db: handle.db,
      connectionString: database.databaseUrl ?? '',
      onError: (e) => errors.push(e),
    });
    try {
      await publisher.ready();
      await receiver.ready();
      const got: string[] = [];
      receiver.subscribe('org-1', (e) => got.push(String(e.data.id)));
      await publisher.publish('org-1', { type: 't', data: { id: 'before' } });
      await until(() => got.includes('before'));
      // Kill every LISTEN backend (as a server restart or a proxy timeout would).
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
                 where datname = current_database() and query like 'LISTEN%' and pid <> pg_backend_pid()`.execute(
        handle.db,
      );
      await until(() => errors.length > 0);
      // Publish until the reconnected listener hears one (events sent while it was down are lost by design).
      for (let i = 0; !got.some((id) => id.startsWith('after')); i++) {
        if (i > 100) throw new Error('the bus did not reconnect');
        await publisher.publish('org-1', { type: 't', data: { id: `after-${i}` } });
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await publisher.close();
      await receiver.close();
      await handle.close();
      await database.drop();
    }
  });
});

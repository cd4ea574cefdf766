import fs from 'node:fs';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { enqueue } from '../../src/jobs/job-queue.ts';
import { createApiKey } from '../helpers/factories.ts';
import { SseStream } from '../helpers/sse-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { makeTree } from './domain-fixtures.ts';
import { eventually } from './webhooks-fixtures.ts';

/**
 * Operations: a request id on every response and every request log line, `/readyz` saying what
 * is not ready, and a graceful shutdown that finishes the job in flight and ends event streams.
 */
let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function logCollector() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream };
}

describe('request ids', () => {
  it('every response carries x-request-id, a plain incoming one is kept, and every request log line has it', async () => {
    const log = logCollector();
    app = await startTestApp({ LOG_LEVEL: 'info' }, { logStream: log.stream });
    const owner = await signUp(app);
    const kept = await owner.client.get('/api/v1/me', { headers: { 'x-request-id': 'lb-7f3a.91:2' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-7f3a.91:2');
    const replaced = await owner.client.get('/api/v1/me', { headers: { 'x-request-id': 'two words\u00e9' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
    const tooLong = await owner.client.get('/api/v1/me', { headers: { 'x-request-id': 'x'.repeat(129) } });
    expect(tooLong.headers.get('x-request-id')).not.toBe('x'.repeat(129));
    const missing = await owner.client.get('/api/v1/shows/01900000-0000-7000-8000-000000000000');
    expect(missing.status).toBe(404);
    // Responses Fastify does not write itself: tus and the event stream.
    const tree = await makeTree(owner.client);
    const tus = await app.client().request('POST', '/api/v1/uploads', undefined, {
      headers: {
        authorization: `Bearer ${await createApiKey(owner.client)}`,
        'tus-resumable': '1.0.0',
        'upload-length': '10',
        'upload-metadata': `deliverable_id ${Buffer.from(tree.deliverable.id).toString('base64')}`,
      },
    });
    expect(tus.status).toBe(201);
    expect(tus.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const sse = await fetch(`${app.url}/api/v1/events`, {
      headers: {
        cookie: `preroll_session=${owner.client.cookie('preroll_session')}`,
        'x-request-id': 'sse-1',
      },
    });
    expect(sse.headers.get('x-request-id')).toBe('sse-1');
    await sse.body?.cancel();

    const requestLines = log.lines.filter((l) => 'req' in l || 'res' in l || 'responseTime' in l);
    expect(requestLines.length).toBeGreaterThan(10);
    expect(requestLines.filter((l) => typeof l.request_id !== 'string')).toEqual([]);
    const ids = new Set(requestLines.map((l) => l.request_id));
    for (const id of ['lb-7f3a.91:2', replaced.headers.get('x-request-id'), 'sse-1'])
      expect(ids).toContain(id);
    expect(log.lines.some((l) => 'reqId' in l)).toBe(false);
  });
});

describe('/readyz', () => {
  it('is ready with every check ok, says which check fails (storage), and recovers', async () => {
    app = await startTestApp();
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: {
        database: { ok: true },
        storage: { ok: true },
        migrations: { ok: true },
        shutdown: { ok: true },
      },
    });
    const moved = `${app.dataDir}-moved`;
    fs.renameSync(app.dataDir, moved);
    try {
      const down = await fetch(`${app.url}/readyz`);
      expect(down.status).toBe(503);
      const body = await down.json();
      expect(body.status).toBe('not_ready');
      expect(body.checks.storage.ok).toBe(false);
      expect(body.checks.database.ok).toBe(true);
      // Liveness is not readiness: the process still answers.
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      fs.renameSync(moved, app.dataDir);
    }
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
  });
});

describe('graceful shutdown', () => {
  it('answers not ready at once, finishes the job in flight, claims no new one, and ends event streams', async () => {
    app = await startTestApp({ PREROLL_WORKER: 'off' });
    const preroll = app.preroll;
    const owner = await signUp(app);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: string[] = [];
    preroll.jobHandlers['test.slow'] = async (_payload, ctx) => {
      started.push(ctx.job.id);
      await gate;
    };
    preroll.startWorker();
    const slow = await enqueue(preroll.store, { type: 'test.slow', payload: {} });
    await eventually(async () => started.length === 1);
    const stream = await SseStream.open(`${app.url}/api/v1/events`, {
      cookie: `preroll_session=${owner.client.cookie('preroll_session')}`,
    });
    await stream.connected();

    const closed = preroll.close();
    expect((await preroll.readiness()).checks.shutdown).toEqual({ ok: false, detail: 'shutting down' });
    await stream.waitForEnd();
    const later = await enqueue(preroll.store, { type: 'test.slow', payload: {} });
    let finished = false;
    void closed.then(() => {
      finished = true;
    });
    await new Promise((r) => setTimeout(r, 200));
    // Still waiting for the job in flight.
    expect(finished).toBe(false);
    release();
    await closed;

    const db = openDatabase({ databaseUrl: app.config.databaseUrl, dataDir: app.dataDir });
    try {
      const rows = await db.db
        .selectFrom('jobs')
        .select(['id', 'status'])
        .where('type', '=', 'test.slow')
        .execute();
      expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
        [slow.job.id]: 'done',
        [later.job.id]: 'queued',
      });
    } finally {
      await db.close();
    }
    expect(started).toEqual([slow.job.id]);
  });
});

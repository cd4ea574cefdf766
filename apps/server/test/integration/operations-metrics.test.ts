import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../src/jobs/job-queue.ts';
import { createApiKey, createVersion, tusUpload } from '../helpers/factories.ts';
import { parsePrometheusText, type Sample, sampleValue } from '../helpers/prometheus-text.ts';
import { SseStream } from '../helpers/sse-client.ts';
import { makeTree } from './domain-fixtures.ts';
import { createEndpoint, eventually, startWebhooksEnv, type WebhooksEnv } from './webhooks-fixtures.ts';

/**
 * `/metrics` after a known sequence of requests and jobs: the text is parsed as Prometheus reads
 * it and each number is the one the sequence implies (request latency by route, queue depth,
 * oldest due age and dead jobs by type, job durations, outgoing webhook attempts and lag, SSE
 * connections, upload bytes and active uploads). The bearer token guards it when set.
 */
const TOKEN = 'metrics-token-for-tests-0123456789';
let t: WebhooksEnv;

beforeAll(async () => {
  t = await startWebhooksEnv({ PREROLL_METRICS_TOKEN: TOKEN });
});
afterAll(async () => {
  await t?.close();
});

async function scrape(): Promise<Sample[]> {
  const res = await fetch(`${t.app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return parsePrometheusText(await res.text());
}

const HTTP = 'preroll_http_request_duration_seconds_count';

describe('/metrics', () => {
  it('answers only its bearer token when PREROLL_METRICS_TOKEN is set', async () => {
    const none = await fetch(`${t.app.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    const wrong = await fetch(`${t.app.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('unauthorized');
  });

  it('counts requests by route template, method and status, and not the event stream', async () => {
    const tree = await makeTree(t.owner.client);
    for (let i = 0; i < 3; i++)
      expect((await t.owner.client.get(`/api/v1/shows/${tree.show.id}`)).status).toBe(200);
    expect((await t.owner.client.get('/api/v1/shows/01900000-0000-7000-8000-000000000000')).status).toBe(404);
    expect((await t.owner.client.get('/api/v1/no-such-route')).status).toBe(404);
    expect((await t.owner.client.post('/api/v1/no-such-route')).status).toBe(404);
    const stream = await SseStream.open(`${t.app.url}/api/v1/events`, {
      cookie: `preroll_session=${t.owner.client.cookie('preroll_session')}`,
    });
    let samples: Sample[];
    try {
      samples = await scrape();
      expect(sampleValue(samples, 'preroll_sse_connections')).toBe(1);
    } finally {
      stream.close();
    }
    const show = { method: 'GET', route: '/api/v1/shows/:id' };
    expect(sampleValue(samples, HTTP, { ...show, status_code: '200' })).toBe(3);
    expect(sampleValue(samples, HTTP, { ...show, status_code: '404' })).toBe(1);
    // GETs fall to the web app's catch-all (`/*`, which answers /api/* with 404); other methods match nothing.
    expect(sampleValue(samples, HTTP, { method: 'GET', route: '/*', status_code: '404' })).toBe(1);
    expect(sampleValue(samples, HTTP, { method: 'POST', route: 'unmatched', status_code: '404' })).toBe(1);
    expect(sampleValue(samples, HTTP, { method: 'POST', route: '/api/v1/clients', status_code: '201' })).toBe(
      1,
    );
    expect(samples.filter((s) => s.name === HTTP && s.labels.route === '/api/v1/events')).toEqual([]);
    const le = (bound: string) =>
      sampleValue(samples, 'preroll_http_request_duration_seconds_bucket', {
        ...show,
        status_code: '200',
        le: bound,
      });
    expect(le('+Inf')).toBe(3);
    expect(le('0.001')! <= le('10')!).toBe(true);
    await eventually(async () => sampleValue(await scrape(), 'preroll_sse_connections') === 0);
  });

  it('shows queue depth, the oldest due age and dead jobs per type, and each job attempt’s duration', async () => {
    const store = t.preroll.store;
    const clock = t.clock;
    // Types no worker handles: they wait, as a backlog would.
    await enqueue(
      store,
      { type: 'test.backlog', payload: {}, runAt: new Date(clock.now().getTime() - 90_000) },
      clock,
    );
    await enqueue(store, { type: 'test.backlog', payload: {} }, clock);
    await enqueue(
      store,
      { type: 'test.backlog', payload: {}, runAt: new Date(clock.now().getTime() + 3_600_000) },
      clock,
    );
    const dead = await enqueue(store, { type: 'test.broken', payload: {} }, clock);
    await t.preroll.db.updateTable('jobs').set({ status: 'dead' }).where('id', '=', dead.job.id).execute();
    const samples = await scrape();
    expect(sampleValue(samples, 'preroll_jobs', { type: 'test.backlog', status: 'queued' })).toBe(3);
    expect(sampleValue(samples, 'preroll_jobs', { type: 'test.backlog', status: 'dead' })).toBe(0);
    expect(sampleValue(samples, 'preroll_jobs', { type: 'test.broken', status: 'dead' })).toBe(1);
    // The oldest due job was due 90 s ago; the one due in an hour is not waiting yet.
    expect(sampleValue(samples, 'preroll_job_oldest_due_age_seconds', { type: 'test.backlog' })).toBe(90);
    expect(sampleValue(samples, 'preroll_job_oldest_due_age_seconds', { type: 'test.broken' })).toBe(0);
  });

  it('counts outgoing webhook attempts by outcome with their lag, and job durations by type', async () => {
    let answers = 0;
    t.receiver.answer = () => (++answers === 1 ? 500 : 200);
    const tree = await makeTree(t.owner.client);
    const version = await createVersion(t.app, t.owner.orgId, tree.deliverable.id, {
      rate: [25, 1],
      durationFrames: 250,
    });
    await createEndpoint(t.owner, { url: t.receiver.url, events: ['comment.created'] });
    await t.owner.client.post(`/api/v1/versions/${version}/comments`, { body: 'Metrics' });
    await t.receiver.waitFor(1);
    t.clock.advance(40_000);
    await t.receiver.waitFor(2);
    const samples = await eventually(async () => {
      const s = await scrape();
      return sampleValue(s, 'preroll_outgoing_webhook_lag_seconds_count', { format: 'standard' }) === 1
        ? s
        : undefined;
    });
    const attempts = (outcome: string) =>
      sampleValue(samples, 'preroll_outgoing_webhook_attempts_total', { format: 'standard', outcome });
    expect(attempts('failed')).toBe(1);
    expect(attempts('delivered')).toBe(1);
    // Delivered about 40 s after the comment, on the clock the test moved.
    expect(
      sampleValue(samples, 'preroll_outgoing_webhook_lag_seconds_sum', { format: 'standard' }),
    ).toBeGreaterThanOrEqual(40);
    expect(
      sampleValue(samples, 'preroll_job_duration_seconds_count', {
        type: 'webhooks.deliver',
        outcome: 'done',
      }),
    ).toBe(2);
  });

  it('counts upload bytes when each PATCH answers, and no upload stays active', async () => {
    const tree = await makeTree(t.owner.client);
    const apiKey = await createApiKey(t.owner.client);
    const bytes = Buffer.alloc(150_000, 7);
    const before = sampleValue(await scrape(), 'preroll_upload_bytes_total') ?? 0;
    await tusUpload(t.app, bytes, {
      apiKey,
      chunkSize: 64 * 1024,
      metadata: { deliverable_id: tree.deliverable.id, filename: 'noise.bin' },
    });
    const samples = await scrape();
    expect(sampleValue(samples, 'preroll_upload_bytes_total')! - before).toBe(150_000);
    expect(sampleValue(samples, 'preroll_uploads_active')).toBe(0);
    expect(
      sampleValue(samples, HTTP, { method: 'PATCH', route: '/api/v1/uploads/:uploadId', status_code: '204' }),
    ).toBe(3);
    // Ready for the media pipeline: declared, nothing observed yet; process metrics come along.
    expect(samples.some((s) => s.name === 'preroll_proxy_transcode_duration_seconds_count')).toBe(false);
    expect(sampleValue(samples, 'preroll_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});

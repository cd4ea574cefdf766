import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../src/jobs/job-queue.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import { createDeliverable, createPortalClient, settleVersion, tusUpload } from '../helpers/factories.ts';
import { countFrames, download, sources, uploadThroughPipeline } from './media-pipeline-fixtures.ts';
import { startUploadsEnv, type UploadsEnv } from './uploads-fixtures.ts';

/**
 * The media pipeline as jobs: the upload answers before analysis, a crashed worker's job runs
 * again cleanly and announces `versionReady` once, previews are served with ETags, and portal
 * users read what they may see of the original (docs/uploads-and-review.md).
 */
let env: UploadsEnv;
const readyAnnounced = new Map<string, number>();
beforeAll(async () => {
  env = await startUploadsEnv();
  env.app.preroll.hooks.register({
    versionReady: async (_tx, version) => {
      readyAnnounced.set(version.id, (readyAnnounced.get(version.id) ?? 0) + 1);
    },
  });
});
afterAll(async () => {
  await env?.close();
});

const upload = async (file: string) => {
  const { versionId } = await tusUpload(env.app, fs.readFileSync(file), {
    apiKey: env.apiKey,
    metadata: { deliverable_id: env.deliverableId, filename: path.basename(file) },
    analyse: false,
  });
  return versionId!;
};

/** A worker took the job and died holding it: its lock is ten minutes old. */
async function crashedWorkerHolds(type: 'versions.analyze' | 'versions.proxy', versionId: string) {
  const store = env.app.preroll.store;
  const [job] = await store.jobs.claim({
    workerId: 'crashed',
    types: [type],
    limit: 1,
    nowIso: new Date().toISOString(),
  });
  expect(JSON.parse(job!.payload_json)).toEqual({ versionId });
  const longAgo = new Date(Date.now() - 10 * 60_000).toISOString();
  await env.app.preroll.db
    .updateTable('jobs')
    .set({ locked_at: longAgo })
    .where('id', '=', job!.id)
    .execute();
  return job!.id;
}

describe('analysis runs as a job', { timeout: 120_000 }, () => {
  it('the final PATCH answers with the version still processing; the job makes it ready', async () => {
    const file = await sources.h264_2398(env.tmp);
    const versionId = await upload(file);
    const before = await env.owner.client.get(`/api/v1/versions/${versionId}`);
    expect(before.body.data).toMatchObject({ status: 'processing', sha256: null, playback_url: null });
    const jobs = await env.app.preroll.db
      .selectFrom('jobs')
      .selectAll()
      .where('type', '=', 'versions.analyze')
      .execute();
    expect(jobs.filter((j) => j.payload_json.includes(versionId)).map((j) => j.status)).toEqual(['queued']);
    await settleVersion(env.app, versionId);
    const after = await env.owner.client.get(`/api/v1/versions/${versionId}`);
    expect(after.body.data).toMatchObject({ status: 'ready', frame_rate: '24000/1001', processing: null });
    expect(readyAnnounced.get(versionId)).toBe(1);
  });

  it('a worker that crashed mid-analysis: the job runs again, the version becomes ready, versionReady is announced once', async () => {
    const versionId = await upload(await sources.h264_2398(env.tmp));
    const jobId = await crashedWorkerHolds('versions.analyze', versionId);
    await settleVersion(env.app, versionId, { pipeline: true });
    const job = await env.app.preroll.store.jobs.findById(jobId);
    expect(job).toMatchObject({ status: 'done', attempts: 2 });
    // A duplicate delivery of the same analysis announces nothing again.
    await enqueue(env.app.preroll.store, {
      type: 'versions.analyze',
      payload: { versionId },
      orgId: env.owner.orgId,
    });
    await settleVersion(env.app, versionId, { pipeline: true });
    expect(readyAnnounced.get(versionId)).toBe(1);
  });

  it('a worker that crashed mid-transcode left a partial file: the job starts over and the proxy is whole', async () => {
    const file = await sources.prores2997df(env.tmp);
    const versionId = await upload(file);
    const preroll = env.app.preroll;
    // Only the analysis runs here, so the proxy job is still queued for the "crashed" worker.
    const analyser = startWorker({
      store: preroll.store,
      handlers: { 'versions.analyze': preroll.jobHandlers['versions.analyze']! },
      pollIntervalMs: 20,
      onError: () => {},
    });
    await expect
      .poll(async () => (await preroll.store.versions.findById(env.owner.orgId, versionId))?.status, {
        timeout: 60_000,
      })
      .toBe('ready');
    await analyser.stop();
    const jobId = await crashedWorkerHolds('versions.proxy', versionId);
    const derived = path.join(env.app.dataDir, 'uploads', 'derived', versionId);
    const partial = path.join(derived, `partial-${jobId}-proxy.mp4`);
    fs.mkdirSync(derived, { recursive: true });
    fs.writeFileSync(partial, 'half a proxy');
    await preroll.store.versions.update(env.owner.orgId, versionId, { proxy_status: 'processing' });

    await settleVersion(env.app, versionId, { pipeline: true });
    const { body } = await env.owner.client.get(`/api/v1/versions/${versionId}`);
    expect(body.data.proxy_status).toBe('ready');
    const proxy = await download(env, body.data.playback_url, 'resumed-proxy.mp4');
    expect(await countFrames(proxy)).toMatchObject({ frames: 60, rate: '30000/1001' });
    expect(fs.existsSync(partial)).toBe(false);
    expect(fs.readdirSync(derived).filter((f) => f.startsWith('partial-'))).toEqual([]);
  });
});

describe('previews', { timeout: 120_000 }, () => {
  it('poster, thumbnail sprite + WebVTT and waveform peaks are served with ETags; a matching If-None-Match is a 304', async () => {
    const file = await sources.prores2997df(env.tmp);
    const { versionId, version } = await uploadThroughPipeline(env, file);
    const base = `/api/v1/versions/${versionId}`;
    expect(version).toMatchObject({
      poster_url: `${base}/poster.jpg`,
      thumbnails_vtt_url: `${base}/thumbnails.vtt`,
      waveform_url: `${base}/waveform.json`,
    });
    const vtt = await env.owner.client.get(version.thumbnails_vtt_url);
    expect(vtt.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(vtt.text).toBe(
      [
        'WEBVTT',
        '',
        '00:00:00.000 --> 00:00:01.000',
        'thumbnails.jpg#xywh=0,0,160,90',
        '',
        '00:00:01.000 --> 00:00:02.000',
        'thumbnails.jpg#xywh=160,0,160,90',
        '',
      ].join('\n'),
    );
    const waveform = await env.owner.client.get(version.waveform_url);
    expect(waveform.body.sample_rate).toBe(8000);
    expect(waveform.body.peaks.length).toBeGreaterThanOrEqual(39);
    // lavfi's sine has amplitude 1/8 all through: every peak says so.
    for (const peak of waveform.body.peaks) expect(peak).toBeCloseTo(0.125, 2);
    for (const url of [version.poster_url, `${base}/thumbnails.jpg`, version.waveform_url]) {
      const first = await env.owner.client.get(url);
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"[a-z_]+-/);
      const again = await env.owner.client.get(url, { headers: { 'if-none-match': etag! } });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
    }
    const poster = await download(env, version.poster_url, 'poster.jpg');
    expect(fs.readFileSync(poster).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it("portal users: their client's version plays and shows its poster; another client's portal user gets 404", async () => {
    const { versionId, version } = await uploadThroughPipeline(env, await sources.dnxhr25(env.tmp));
    const row = await env.app.preroll.db
      .selectFrom('deliverables as d')
      .innerJoin('episodes as e', 'e.id', 'd.episode_id')
      .innerJoin('shows as s', 's.id', 'e.show_id')
      .select('s.client_id')
      .where('d.id', '=', env.deliverableId)
      .executeTakeFirstOrThrow();
    const own = await createPortalClient(env.app, env.owner.orgId, row.client_id);
    const other = await createDeliverable(env.app, env.owner.orgId);
    const stranger = await createPortalClient(env.app, env.owner.orgId, other.clientId, 'Other Client');
    for (const url of [version.playback_url, version.poster_url, version.thumbnails_vtt_url]) {
      expect((await own.client.get(url)).status).toBe(200);
      const refused = await stranger.client.get(url);
      expect(refused.status).toBe(404);
      expect(refused.body.error.code).toBe('not_found');
    }
    expect((await own.client.get(`/api/v1/versions/${versionId}`)).body.data.playback_url).toBe(
      version.playback_url,
    );
  });
});

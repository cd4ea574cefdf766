import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../helpers/test-app.ts';
import { sources, uploadThroughPipeline } from './media-pipeline-fixtures.ts';
import { startUploadsEnv, type UploadsEnv } from './uploads-fixtures.ts';

/**
 * A proxy that could not be made: the version is still ready (the original downloads), the
 * reason is a sentence without server paths, and Retry queues a new attempt.
 */
let env: UploadsEnv;
beforeAll(async () => {
  env = await startUploadsEnv({ FFMPEG_PATH: '/nonexistent/ffmpeg' });
});
afterAll(async () => {
  await env?.close();
});

describe('a failed proxy and Retry', { timeout: 120_000 }, () => {
  it('no ffmpeg: proxy_status failed with a readable reason, nothing to play; Retry → 202 pending, then failed again', async () => {
    const { versionId, version } = await uploadThroughPipeline(env, await sources.prores2997df(env.tmp));
    expect(version).toMatchObject({
      status: 'ready',
      proxy_status: 'failed',
      proxy_error: 'ffmpeg is not available on this server, so no playable copy could be made.',
      playback_url: null,
      media_url: `/api/v1/versions/${versionId}/media`,
    });
    expect(JSON.stringify(version)).not.toContain('/nonexistent');

    const retried = await env.owner.client.post(`/api/v1/versions/${versionId}/proxy/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body.data).toMatchObject({ proxy_status: 'pending', proxy_error: null });
    const jobs = await env.app.preroll.db
      .selectFrom('jobs')
      .select(['status'])
      .where('type', '=', 'versions.proxy')
      .where('payload_json', 'like', `%${versionId}%`)
      .execute();
    expect(jobs.map((j) => j.status).sort()).toEqual(['done', 'queued']);
  });

  it('Retry of a proxy that did not fail → 409 proxy_not_failed; of another organization’s version → 404; nothing written', async () => {
    const { versionId } = await uploadThroughPipeline(env, await sources.h264_2398(env.tmp));
    const before = await env.app.preroll.db.selectFrom('jobs').select('id').execute();
    const refused = await env.owner.client.post(`/api/v1/versions/${versionId}/proxy/retry`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'proxy_not_failed', proxy_status: 'not_needed' });
    const stranger = await signUp(env.app);
    const foreign = await stranger.client.post(`/api/v1/versions/${versionId}/proxy/retry`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('not_found');
    expect(await env.app.preroll.db.selectFrom('jobs').select('id').execute()).toHaveLength(before.length);
    const { body } = await env.owner.client.get(`/api/v1/versions/${versionId}`);
    expect(body.data.proxy_status).toBe('not_needed');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliverable, createPortalClient, createVersion } from '../helpers/factories.ts';
import { sources, uploadThroughPipeline } from './media-pipeline-fixtures.ts';
import { startUploadsEnv, type UploadsEnv } from './uploads-fixtures.ts';

/**
 * The portal's lists show posters (docs/client-portal.md): "waiting for your review" names each
 * deliverable's newest ready version's poster, which that client's portal users may fetch and
 * nobody else's may.
 */
let env: UploadsEnv;
beforeAll(async () => {
  env = await startUploadsEnv();
});
afterAll(async () => {
  await env?.close();
});

async function clientOf(deliverableId: string): Promise<string> {
  const row = await env.app.preroll.db
    .selectFrom('deliverables as d')
    .innerJoin('episodes as e', 'e.id', 'd.episode_id')
    .innerJoin('shows as s', 's.id', 'e.show_id')
    .select('s.client_id')
    .where('d.id', '=', deliverableId)
    .executeTakeFirstOrThrow();
  return row.client_id;
}

describe('posters in the portal', { timeout: 120_000 }, () => {
  it("the waiting list carries the newest ready version's poster; its client fetches it, another client gets 404", async () => {
    const { versionId, version } = await uploadThroughPipeline(env, await sources.h264_2398(env.tmp));
    expect(version.poster_url).toBe(`/api/v1/versions/${versionId}/poster.jpg`);
    const own = await createPortalClient(env.app, env.owner.orgId, await clientOf(env.deliverableId));
    const other = await createDeliverable(env.app, env.owner.orgId);
    // The other client's cut is ready but its previews are not made yet: no poster to show.
    const otherVersionId = await createVersion(env.app, env.owner.orgId, other.deliverableId, {
      rate: [25, 1],
      durationFrames: 250,
      kind: 'video',
    });
    const stranger = await createPortalClient(env.app, env.owner.orgId, other.clientId, 'Other Client');

    const waiting = await own.client.get('/api/v1/portal/waiting');
    expect(waiting.status).toBe(200);
    expect(waiting.body.data).toEqual([
      expect.objectContaining({
        id: env.deliverableId,
        latest_version_id: versionId,
        latest_version_poster_url: version.poster_url,
        latest_version_media_kind: 'video',
      }),
    ]);
    const poster = await own.client.get(version.poster_url);
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('image/jpeg');

    const theirs = await stranger.client.get('/api/v1/portal/waiting');
    expect(theirs.body.data).toEqual([
      expect.objectContaining({
        id: other.deliverableId,
        latest_version_id: otherVersionId,
        latest_version_poster_url: null,
      }),
    ]);
    const refused = await stranger.client.get(version.poster_url);
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe('not_found');
    // The deliverable list's versions carry the same URL for the episode page's cards.
    const versions = await own.client.get(`/api/v1/deliverables/${env.deliverableId}/versions`);
    expect(versions.body.data.map((v: { poster_url: string }) => v.poster_url)).toEqual([version.poster_url]);
  });
});

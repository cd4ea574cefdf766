import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseStream } from '../helpers/sse-client.ts';
import { magicLinkFor, portalLogin } from './domain-fixtures.ts';
import { mirrorHelpers } from './frameio-mirror-fixtures.ts';
import { addVersionWithFile, type ReviewEnv, startReviewEnv } from './frameio-review-fixtures.ts';

/** Frame.io review links: shown in the portal of the deliverable's client only, with their settings. */
let t: ReviewEnv;
let stopWorker: () => Promise<void>;
beforeAll(async () => {
  t = await startReviewEnv();
  stopWorker = t.app.preroll.startWorker();
});
afterAll(async () => {
  await stopWorker?.();
  await t?.close();
});

const { connectedOwner, tree, sendAndWait } = mirrorHelpers(() => t);

describe('review links', () => {
  it('appear in the portal of the deliverable’s client only, with the chosen share settings', async () => {
    const owner = await connectedOwner();
    const a = await tree(owner);
    const b = await tree(owner);
    const portalA = await portalLogin(t.app, (await magicLinkFor(t.app, owner.client, a.client.id)).token);
    const portalB = await portalLogin(t.app, (await magicLinkFor(t.app, owner.client, b.client.id)).token);
    const sse = (c: typeof portalA) =>
      SseStream.open(`${t.app.url}/api/v1/events`, {
        cookie: `preroll_session=${c.cookie('preroll_session')}`,
      });
    const [streamA, streamB, streamTeam] = [await sse(portalA), await sse(portalB), await sse(owner.client)];
    try {
      for (const d of [a.deliverable, b.deliverable]) {
        const v = await addVersionWithFile(t.app, owner.orgId, d.id, 1000);
        expect((await owner.client.post(`/api/v1/deliverables/${d.id}/submit`, {})).status).toBe(200);
        if (d === a.deliverable) await sendAndWait(owner, v.id, 'uploaded');
      }
      // Realtime: the link reaches client A's portal; client B hears nothing; upload progress and
      // state stay with the team.
      const pushed = await streamA.waitFor((m) => m.type === 'frameio.review_link.created');
      expect(pushed.data).toMatchObject({ deliverable_id: a.deliverable.id, client_id: a.client.id });
      await streamTeam.waitFor((m) => m.type === 'frameio.upload.state');
      await streamTeam.waitFor((m) => m.type === 'frameio.upload.progress');
      expect(streamB.messages.filter((m) => m.type.startsWith('frameio.'))).toEqual([]);
      expect(
        streamA.messages.filter(
          (m) => m.type.startsWith('frameio.') && m.type !== 'frameio.review_link.created',
        ),
      ).toEqual([]);
    } finally {
      for (const st of [streamA, streamB, streamTeam]) st.close();
    }
    const aVersion = (
      await t.app.preroll.db
        .selectFrom('deliverable_versions')
        .select('id')
        .where('deliverable_id', '=', a.deliverable.id)
        .executeTakeFirstOrThrow()
    ).id;
    const state = (await owner.client.get(`/api/v1/versions/${aVersion}/frameio`)).body.data;
    expect(state.review_link.short_url).toMatch(/\/s\/[A-Za-z0-9]{8}$/);
    expect(state.review_link.downloads_enabled).toBe(false);

    const listA = await portalA.get(`/api/v1/portal/episodes/${a.episode.id}/deliverables`);
    expect(listA.status).toBe(200);
    expect(listA.body.data[0].review_links).toEqual([
      { version_number: 1, short_url: state.review_link.short_url, expires_at: null },
    ]);
    // Client B: A's episode does not exist for them, and their own list carries no link of A's.
    expect((await portalB.get(`/api/v1/portal/episodes/${a.episode.id}/deliverables`)).status).toBe(404);
    const listB = await portalB.get(`/api/v1/portal/episodes/${b.episode.id}/deliverables`);
    expect(listB.status).toBe(200);
    expect(listB.body.data[0].review_links).toEqual([]);
    expect(listB.text).not.toContain(state.review_link.short_url);

    // New settings: a new share replaces the link.
    const expires = new Date(Date.now() + 7 * 86400_000).toISOString();
    const shared = await owner.client.post(`/api/v1/versions/${aVersion}/frameio/share`, {
      passphrase: 'open sesame',
      expires_at: expires,
      downloads: true,
    });
    expect(shared.status, shared.text).toBe(201);
    expect(shared.body.data.review_link).toMatchObject({
      passphrase_protected: true,
      downloads_enabled: true,
      expires_at: expires,
    });
    expect(shared.body.data.review_link.short_url).not.toBe(state.review_link.short_url);
    const relisted = await portalA.get(`/api/v1/portal/episodes/${a.episode.id}/deliverables`);
    expect(relisted.body.data[0].review_links[0].short_url).toBe(shared.body.data.review_link.short_url);
  });

  it('share settings are validated; sharing before the upload is a 409', async () => {
    const owner = await connectedOwner();
    const { deliverable } = await tree(owner);
    const v = await addVersionWithFile(t.app, owner.orgId, deliverable.id, 100);
    const unknown = await owner.client.post(`/api/v1/versions/${v.id}/frameio/share`, { password: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unknown_field_password');
    const badDate = await owner.client.post(`/api/v1/versions/${v.id}/frameio/share`, {
      expires_at: 'tomorrow',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.code).toBe('invalid_expires_at');
    const early = await owner.client.post(`/api/v1/versions/${v.id}/frameio/share`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('frameio_not_uploaded');
    expect(
      await t.app.preroll.db
        .selectFrom('frameio_review_links')
        .selectAll()
        .where('version_id', '=', v.id)
        .execute(),
    ).toEqual([]);
  });
});

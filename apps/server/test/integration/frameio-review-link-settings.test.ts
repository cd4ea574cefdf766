import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { magicLinkFor, portalLogin } from './domain-fixtures.ts';
import { linkedVersion, type Owner } from './frameio-sync-fixtures.ts';
import { drained, SEED_IDS, startWireEnv, type WireEnv, waitFor } from './frameio-wire-fixtures.ts';

/**
 * Review link settings never leave the client without a working link, and review links follow one
 * rule after a disconnect (docs/frameio.md, "Review links after a disconnect"). Sandbox in its own process.
 */
let t: WireEnv;
beforeAll(async () => {
  t = await startWireEnv();
});
afterAll(async () => {
  await t?.close();
});

type Link = { short_url: string; expires_at: string | null; passphrase_protected: boolean };

async function withReviewLink() {
  const v = await linkedVersion(t);
  expect((await v.owner.client.post(`/api/v1/deliverables/${v.deliverableId}/submit`)).status).toBe(200);
  const link = await waitFor('the default review link', async () => linkOf(v.owner, v.versionId));
  await drained(t);
  const row = await t.app.preroll.db
    .selectFrom('frameio_review_links')
    .selectAll()
    .where('version_id', '=', v.versionId)
    .executeTakeFirstOrThrow();
  const shows = await t.app.preroll.db
    .selectFrom('deliverables')
    .innerJoin('episodes', 'episodes.id', 'deliverables.episode_id')
    .innerJoin('shows', 'shows.id', 'episodes.show_id')
    .select(['shows.client_id', 'episodes.id as episode_id'])
    .where('deliverables.id', '=', v.deliverableId)
    .executeTakeFirstOrThrow();
  return { ...v, link, shareId: row.share_id, ...shows };
}
const linkOf = async (owner: Owner, versionId: string) =>
  (await owner.client.get(`/api/v1/versions/${versionId}/frameio`)).body.data.review_link as Link | null;
const shareStatus = async (shareId: string) =>
  (await t.sandbox.api(t.alexToken, 'GET', `/v4/accounts/${SEED_IDS.accountId}/shares/${shareId}`)).status;
const sharesOfProject = async (fileId: string) => {
  const file = await t.sandbox.api(t.alexToken, 'GET', `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}`);
  const res = await t.sandbox.api(
    t.alexToken,
    'GET',
    `/v4/accounts/${SEED_IDS.accountId}/projects/${file.body.data.project_id}/shares?page_size=100`,
  );
  expect(res.status).toBe(200);
  return (res.body.data as Array<{ id: string }>).map((x) => x.id);
};
const portalLinks = async (portal: Owner['client'], episodeId: string) => {
  const res = await portal.get(`/api/v1/portal/episodes/${episodeId}/deliverables`);
  expect(res.status).toBe(200);
  return res.body.data[0].review_links as Array<{ short_url: string; expires_at: string | null }>;
};

describe('review link settings', () => {
  it('an expiry in the past → 422 expires_at_in_past; the link and its share stay as they were', async () => {
    const s = await withReviewLink();
    for (const expires of [
      new Date(Date.now() - 60_000).toISOString(),
      new Date(Date.now() - 1000).toISOString(),
    ]) {
      const res = await s.owner.client.post(`/api/v1/versions/${s.versionId}/frameio/share`, {
        expires_at: expires,
        passphrase: 'never used',
      });
      expect(res.status, res.text).toBe(422);
      expect(res.body.error.code).toBe('expires_at_in_past');
      expect(res.body.error.field).toBe('expires_at');
    }
    expect(await linkOf(s.owner, s.versionId)).toEqual(s.link);
    expect(await shareStatus(s.shareId)).toBe(200);
    expect(await sharesOfProject(s.fileId)).toEqual([s.shareId]);
  });

  it('the new link replaces the old one only once it exists: a failed create keeps the old link in preroll, in the portal and in Frame.io', async () => {
    const s = await withReviewLink();
    const portal = await portalLogin(t.app, (await magicLinkFor(t.app, s.owner.client, s.client_id)).token);
    expect((await portalLinks(portal, s.episode_id)).map((l) => l.short_url)).toEqual([s.link.short_url]);

    const fault = await t.sandbox.control('POST', '/_sandbox/faults', {
      operation: 'shares.create',
      status: 503,
      count: 1,
    });
    expect(fault.status).toBe(201);
    const expires = new Date(Date.now() + 30 * 86400_000).toISOString();
    const failed = await s.owner.client.post(`/api/v1/versions/${s.versionId}/frameio/share`, {
      expires_at: expires,
    });
    expect(failed.status, failed.text).toBe(502);
    expect(failed.body.error.code).toBe('frameio_share_failed');
    expect(await linkOf(s.owner, s.versionId)).toEqual(s.link);
    expect(await shareStatus(s.shareId)).toBe(200);
    expect((await portalLinks(portal, s.episode_id)).map((l) => l.short_url)).toEqual([s.link.short_url]);

    const done = await s.owner.client.post(`/api/v1/versions/${s.versionId}/frameio/share`, {
      expires_at: expires,
    });
    expect(done.status, done.text).toBe(201);
    const next = done.body.data.review_link as Link;
    expect(next.short_url).not.toBe(s.link.short_url);
    expect(next.expires_at).toBe(expires);
    expect(await shareStatus(s.shareId)).toBe(404);
    expect(await sharesOfProject(s.fileId)).toHaveLength(1);
    expect(await portalLinks(portal, s.episode_id)).toEqual([
      { version_number: 1, short_url: next.short_url, expires_at: expires },
    ]);
  });
});

describe('review links after a disconnect', () => {
  it('stay listed in the studio and the portal while they have not expired, and the card counts them', async () => {
    const s = await withReviewLink();
    const portal = await portalLogin(t.app, (await magicLinkFor(t.app, s.owner.client, s.client_id)).token);
    const gone = await s.owner.client.request('DELETE', '/api/v1/integrations/frameio');
    expect(gone.status, gone.text).toBe(200);
    const card = (await s.owner.client.get('/api/v1/integrations/frameio')).body.data;
    expect(card).toMatchObject({ status: 'disconnected', live_review_links: 1 });
    expect(await linkOf(s.owner, s.versionId)).toEqual(s.link);
    expect((await portalLinks(portal, s.episode_id)).map((l) => l.short_url)).toEqual([s.link.short_url]);
    // The share was not deleted: the link still works in Frame.io.
    expect(await shareStatus(s.shareId)).toBe(200);

    // Expired: gone from the portal and from the card's count; the studio still shows it, dated.
    const past = new Date(Date.now() - 1000).toISOString();
    await t.app.preroll.db
      .updateTable('frameio_review_links')
      .set({ expires_at: past })
      .where('version_id', '=', s.versionId)
      .execute();
    expect(await portalLinks(portal, s.episode_id)).toEqual([]);
    expect((await s.owner.client.get('/api/v1/integrations/frameio')).body.data.live_review_links).toBe(0);
    expect((await linkOf(s.owner, s.versionId))?.expires_at).toBe(past);
  });
});

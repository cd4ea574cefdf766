import { describe, expect, it } from 'vitest';
import { insertComments } from '../apps/server/test/helpers/seed-rows.ts';
import { makeClip } from './helpers/media.ts';
import { waitForFrame } from './helpers/page-helpers.ts';
import { openPlayer, seedVersionAsProducer } from './helpers/player-setup.ts';
import { useWebAppAndBrowser } from './helpers/web-app-harness.ts';

const THREADS = 120;

/** A review longer than one page: every marker on the timeline, the list a page at a time. */
describe('player: a long review', () => {
  const shared = useWebAppAndBrowser();

  it('draws all markers while the list shows 50 threads and loads the rest on request', async () => {
    const clip = makeClip('long-review.mp4', 4, [], '25/1');
    const { app } = shared;
    const { producer, tree, version } = await seedVersionAsProducer(app, clip);
    const orgId = (await producer.api.get('/api/v1/me')).body.data.active_organization.id as string;
    // Frames 0..99, each used once or twice; a general comment draws no marker.
    await insertComments(
      app.preroll.db,
      { orgId, versionId: version.id, deliverableId: tree.deliverable.id, userId: producer.userId },
      Array.from({ length: THREADS }, (_, i) => ({
        body: `Note ${i}`,
        frame: i === THREADS - 1 ? null : (i * 7) % 100,
        visibility: i % 4 === 0 ? ('internal' as const) : ('client' as const),
      })),
    );
    const { page, errors } = await openPlayer(shared, producer.email, version.id);
    const markers = page.locator('.timeline__marker');
    const listed = page.getByRole('list', { name: 'Comment threads' }).locator(':scope > li');
    await page.waitForFunction(
      (n) => document.querySelectorAll('.timeline__marker').length === n,
      THREADS - 1,
    );
    expect(await markers.count()).toBe(THREADS - 1);
    expect(await listed.count()).toBe(50);
    // A marker past the first page is on the timeline and seeks there.
    await page.locator('.timeline__marker[data-frame="93"]').first().click();
    await waitForFrame(page, 93);
    const more = page.getByRole('button', { name: 'Show more comments' });
    await more.click();
    await page.waitForFunction(() => document.querySelectorAll('ol.threads > li').length === 100);
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('ol.threads > li').length === n, THREADS);
    expect(await more.count()).toBe(0);
    expect(await markers.count()).toBe(THREADS - 1);
    expect(errors).toEqual([]);
  }, 90_000);
});

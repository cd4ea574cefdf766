import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertComments } from '../apps/server/test/helpers/seed-rows.ts';
import type { TestApp } from '../apps/server/test/helpers/test-app.ts';
import { launchBrowser } from './helpers/browser.ts';
import { logInAs } from './helpers/login.ts';
import { makeClip } from './helpers/media.ts';
import { newPage, waitForFrame, waitForMedia } from './helpers/page-helpers.ts';
import { seedProducer, seedTree, seedVersion } from './helpers/seed.ts';
import { startWebApp } from './helpers/web-app.ts';

const THREADS = 120;

/** A review longer than one page: every marker on the timeline, the list a page at a time. */
describe('player: a long review', () => {
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startWebApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('draws all markers while the list shows 50 threads and loads the rest on request', async () => {
    const clip = makeClip('long-review.mp4', 4, [], '25/1');
    const producer = await seedProducer(app);
    const tree = await seedTree(producer.api);
    const version = await seedVersion(producer.api, tree.deliverable.id, clip);
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
    const { page, errors } = await newPage(browser);
    await logInAs(page, app.url, producer.email);
    await page.goto(`${app.url}/versions/${version.id}`);
    await waitForMedia(page);
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

import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../apps/server/test/helpers/test-app.ts';
import { launchBrowser, screenshot } from './helpers/browser.ts';
import { logInAs } from './helpers/login.ts';
import { makeNoiseClip } from './helpers/media.ts';
import { newPage } from './helpers/page-helpers.ts';
import { seedProducer, seedTree } from './helpers/seed.ts';
import { startWebApp } from './helpers/web-app.ts';

const CHUNK = 8 * 1024 * 1024;

/**
 * tus resume across a page reload: the first 8 MiB chunk lands, the connection dies on the next
 * one, the producer reloads, picks the same file, and the upload continues from the server's
 * offset instead of starting over.
 */
describe('upload resume', () => {
  let app: TestApp;
  let browser: Browser;
  let clip: string;

  beforeAll(async () => {
    clip = makeNoiseClip('big-cut.mp4', 2);
    app = await startWebApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('continues an interrupted upload after a reload from where the server stopped', async () => {
    const size = fs.statSync(clip).size;
    expect(size).toBeGreaterThan(CHUNK + 1024);
    const producer = await seedProducer(app);
    const tree = await seedTree(producer.api, { deliverable: 'Main cut' });
    const { page, errors } = await newPage(browser);
    await logInAs(page, app.url, producer.email);
    await page.goto(`${app.url}/episodes/${tree.episode.id}`);

    // Let the creation POST and the first PATCH through, then kill every later PATCH.
    const patchOffsets: string[] = [];
    let cut = false;
    let resolveCut: () => void = () => {};
    const cutHappened = new Promise<void>((r) => {
      resolveCut = r;
    });
    await page.route('**/api/v1/uploads/**', async (route) => {
      const req = route.request();
      if (req.method() !== 'PATCH') return route.continue();
      patchOffsets.push(req.headers()['upload-offset'] ?? '?');
      if (patchOffsets.length === 1) return route.continue();
      cut = true;
      resolveCut();
      return route.abort('connectionreset');
    });

    const card = page.getByRole('article', { name: 'Deliverable Main cut' });
    await card.getByLabel('Upload a version of Main cut').setInputFiles(clip);
    await cutHappened;
    expect(cut).toBe(true);
    expect(patchOffsets[0]).toBe('0');
    expect(patchOffsets[1]).toBe(String(CHUNK));

    // Reload mid-failure: the resume key survives in localStorage and the card says so.
    await page.unroute('**/api/v1/uploads/**');
    await page.reload();
    await card.getByRole('list', { name: 'Interrupted uploads' }).getByText('big-cut.mp4').waitFor();
    await screenshot(page, '14-upload-interrupted');

    const resumed: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'PATCH' && req.url().includes('/api/v1/uploads/'))
        resumed.push(req.headers()['upload-offset'] ?? '?');
    });
    await card.getByLabel('Upload a version of Main cut').setInputFiles(clip);
    await card.getByText('resumed').waitFor();
    // Moving to another tab and back does not stop the upload or lose its progress.
    await page.getByRole('tab', { name: 'Activity' }).click();
    await page.getByRole('tab', { name: 'Deliverables' }).click();
    await card.getByText('resumed').waitFor();
    await card.getByRole('link', { name: 'Review v1 of Main cut' }).waitFor({ timeout: 30_000 });
    // The first PATCH after the reload starts at the server's offset, not at 0.
    expect(Number(resumed[0])).toBeGreaterThanOrEqual(CHUNK);
    expect(await card.getByTestId('upload-percent').textContent()).toBe('100%');
    // The finished upload's resume key is gone, so nothing is offered to resume any more.
    expect(await card.getByRole('list', { name: 'Interrupted uploads' }).count()).toBe(0);
    const versions = await page.evaluate(
      async (id) => (await (await fetch(`/api/v1/deliverables/${id}/versions`)).json()).data,
      tree.deliverable.id,
    );
    expect(versions).toHaveLength(1);
    expect(versions[0].size).toBe(size);
    await screenshot(page, '15-upload-resumed');
    expect(errors).toEqual([]);
  });
});

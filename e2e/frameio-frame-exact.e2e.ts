import { SEED_IDS } from '@preroll/frameio-sandbox';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './helpers/browser.ts';
import { connectOverApi, type FrameioWebApp, startFrameioWebApp } from './helpers/frameio-app.ts';
import { logInAs } from './helpers/login.ts';
import { FRAME_BIT_WIDTH, makeFrameNumberedClip } from './helpers/media.ts';
import { newPage, waitForFrame, waitForMedia } from './helpers/page-helpers.ts';
import { expectOk, seedProducer, seedTree, seedVersion } from './helpers/seed.ts';

/**
 * Frame-exact both ways at 29.97 drop-frame: a reviewer in the sandbox's reviewer UI comments on
 * the frame whose burned-in number is 300 (start timecode 01:00:00;00), and preroll's player
 * shows that comment at frame 300, 01:00:10;00, on the same burned-in frame. Before the sandbox
 * knew its media it counted 24 fps and the comment landed on frame 240, two seconds early.
 */

/** The frame index burned into the picture the <video> shows now (see makeFrameNumberedClip). */
function burnedInFrame(page: Page): Promise<number> {
  return page.evaluate((bit) => {
    const v = document.querySelector('video') as HTMLVideoElement;
    const c = document.createElement('canvas');
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    const g = c.getContext('2d');
    if (!g) throw new Error('no 2d context');
    g.drawImage(v, 0, 0);
    let n = 0;
    for (let i = 0; i < 10; i++)
      if ((g.getImageData(bit * i + bit / 2 + 2, 220, 1, 1).data[0] ?? 0) > 128) n |= 1 << i;
    return n;
  }, FRAME_BIT_WIDTH);
}

describe('Frame.io: a comment made in the sandbox reviewer UI lands on the same frame in preroll', () => {
  let fx: FrameioWebApp;
  let browser: Browser;

  beforeAll(async () => {
    fx = await startFrameioWebApp({ worker: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  it('29.97 DF, start 01:00:00;00: burned-in frame 300 is frame 300 at 01:00:10;00 on both sides', {
    timeout: 120_000,
  }, async () => {
    const clip = makeFrameNumberedClip('df-numbered.mp4', 14, '30000/1001', ['-timecode', '01:00:00;00']);
    const owner = await seedProducer(fx.app, 'Fran Frames');
    await connectOverApi(fx, owner.api, {
      userId: SEED_IDS.alexId,
      accountId: SEED_IDS.accountId,
      workspaceId: SEED_IDS.workspaceId,
    });
    const tree = await seedTree(owner.api, { show: 'Frame Show', deliverable: 'DF cut' });
    const version = await seedVersion(owner.api, tree.deliverable.id, clip);
    expect(version.frame_rate).toBe('30000/1001');
    await expectOk(owner.api.post(`/api/v1/versions/${version.id}/frameio`), [202]);
    let viewUrl = '';
    for (const until = Date.now() + 45_000; !viewUrl; ) {
      const st = await expectOk<{ status: string; view_url: string | null }>(
        owner.api.get(`/api/v1/versions/${version.id}/frameio`),
      );
      if (st.status === 'transcoded' && st.view_url) viewUrl = st.view_url;
      else if (Date.now() > until) throw new Error(`never transcoded: ${JSON.stringify(st)}`);
      else await new Promise((r) => setTimeout(r, 250));
    }

    // The reviewer in Frame.io (the sandbox's reviewer UI, acting as Riley): step to frame 300.
    const reviewer = await newPage(browser);
    const ui = reviewer.page;
    await ui.goto(viewUrl);
    await ui.getByRole('group', { name: 'Frame controls' }).waitFor();
    await ui.getByRole('definition').filter({ hasText: '29.97 fps (30000/1001), drop-frame' }).waitFor();
    await waitForMedia(ui);
    await ui.getByLabel('Framestamp (from 1)').fill('299');
    await ui.getByRole('button', { name: 'Go to framestamp' }).click();
    await ui.waitForFunction(() => document.getElementById('current-frame')?.textContent === '299');
    for (const next of ['300', '301']) {
      await ui.getByRole('button', { name: 'Next frame' }).click();
      await ui.waitForFunction((n) => document.getElementById('current-frame')?.textContent === n, next);
    }
    await ui.waitForFunction(() => !(document.querySelector('video') as HTMLVideoElement).seeking);
    expect(await burnedInFrame(ui)).toBe(300);
    expect(await ui.locator('#current-tc').textContent()).toBe('01:00:10;00');
    await ui.getByLabel('Comment', { exact: true }).fill('Logo flickers on this frame');
    await ui.getByRole('button', { name: 'Use current frame' }).click();
    expect(await ui.getByLabel('Framestamp (from 1)').inputValue()).toBe('301');
    await screenshot(ui, 'frameio-20-sandbox-reviewer-frame-300');
    await ui.getByRole('button', { name: 'Add comment' }).click();
    await ui
      .getByRole('article', { name: 'Comment by Riley Reviewer at 01:00:10;00: Logo flickers on this frame' })
      .waitFor();

    // preroll learns of it from the webhook and shows it at frame 300, 01:00:10;00.
    for (const until = Date.now() + 30_000; ; ) {
      const cs = await expectOk<{ body: string; frame: number }[]>(
        owner.api.get(`/api/v1/versions/${version.id}/comments`),
      );
      const c = cs.find((x) => x.body === 'Logo flickers on this frame');
      if (c) {
        expect(c.frame).toBe(300);
        break;
      }
      if (Date.now() > until) throw new Error('the comment never reached preroll');
      await new Promise((r) => setTimeout(r, 200));
    }
    const producer = await newPage(browser);
    const page = producer.page;
    await logInAs(page, fx.app.url, owner.email);
    await page.goto(`${fx.app.url}/versions/${version.id}`);
    await waitForMedia(page);
    await page
      .getByRole('list', { name: 'Comment markers' })
      .getByLabel('Comment at 01:00:10;00 (frame 300) by Riley Reviewer')
      .waitFor();
    const comment = page.getByRole('article', { name: 'Comment by Riley Reviewer at 01:00:10;00' });
    await comment.getByRole('button', { name: 'Seek to 01:00:10;00' }).click();
    await waitForFrame(page, 300);
    expect(await page.getByTestId('current-position').textContent()).toBe('01:00:10;00');
    expect(await burnedInFrame(page)).toBe(300);
    await screenshot(page, 'frameio-21-preroll-player-frame-300');
    expect(reviewer.errors).toEqual([]);
    expect(producer.errors).toEqual([]);
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../apps/server/test/helpers/test-app.ts';
import { launchBrowser } from './helpers/browser.ts';
import { makeFrameCodeClip, readFrameCode } from './helpers/frame-code.ts';
import { logInAs } from './helpers/login.ts';
import { currentFrame, newPage, waitForMedia } from './helpers/page-helpers.ts';
import { seedProducer, seedTree, seedVersion } from './helpers/seed.ts';
import { startWebApp } from './helpers/web-app.ts';

const PAUSES = 20;

/** Paused and settled: no seek in flight and the readout no longer moving. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const v = document.querySelector('video')!;
    return v.paused && !v.seeking && v.readyState >= 2;
  });
  // Two animation frames: the seek's picture is composited and React has drawn the readout.
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
  );
}

/**
 * Pause-snap exactness: playing and pausing many times in headless Chromium, the readout equals the
 * frame on screen, read from the frame number burned into each picture as pixel blocks.
 */
describe('player: the readout equals the picture after every pause', () => {
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

  for (const [label, rate, extra] of [
    ['23.976 fps', '24000/1001', []],
    ['25 fps', '25/1', []],
    ['29.97 drop-frame', '30000/1001', ['-timecode', '00:59:59;00']],
  ] as const) {
    it(`${label}: ${PAUSES} pauses, each showing the frame the readout names`, async () => {
      const clip = makeFrameCodeClip(`code-${rate.replace('/', '-')}.mp4`, 30, rate, [...extra]);
      const producer = await seedProducer(app);
      const tree = await seedTree(producer.api);
      const version = await seedVersion(producer.api, tree.deliverable.id, clip);
      const { page, errors } = await newPage(browser);
      await logInAs(page, app.url, producer.email);
      await page.goto(`${app.url}/versions/${version.id}`);
      await waitForMedia(page);
      await page.keyboard.press('m');
      const mismatches: string[] = [];
      for (let i = 0; i < PAUSES; i += 1) {
        await page.keyboard.press('Space');
        await page.waitForFunction(() => !document.querySelector('video')!.paused);
        // Uneven play times, so pauses land anywhere inside a frame.
        await page.waitForTimeout(120 + ((i * 37) % 97));
        await page.keyboard.press('Space');
        await settled(page);
        const shown = await readFrameCode(page);
        const readout = await currentFrame(page);
        if (shown !== readout) mismatches.push(`pause ${i}: picture ${shown}, readout ${readout}`);
      }
      expect(mismatches).toEqual([]);
      expect(errors).toEqual([]);
    }, 120_000);
  }
});

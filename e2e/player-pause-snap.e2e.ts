import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeFrameCodeClip, readFrameCode } from './helpers/frame-code.ts';
import { currentFrame } from './helpers/page-helpers.ts';
import { openVersionAsProducer } from './helpers/player-setup.ts';
import { useWebAppAndBrowser } from './helpers/web-app-harness.ts';

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
  const shared = useWebAppAndBrowser();

  for (const [label, rate, extra] of [
    ['23.976 fps', '24000/1001', []],
    ['25 fps', '25/1', []],
    ['29.97 drop-frame', '30000/1001', ['-timecode', '00:59:59;00']],
  ] as const) {
    it(`${label}: ${PAUSES} pauses, each showing the frame the readout names`, async () => {
      const clip = makeFrameCodeClip(`code-${rate.replace('/', '-')}.mp4`, 30, rate, [...extra]);
      const { page, errors } = await openVersionAsProducer(shared, clip);
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

import { framesToSeconds, parseFrameRate, secondsToFrame } from '@preroll/timecode';
import { describe, expect, it } from 'vitest';
import { screenshot } from './helpers/browser.ts';
import { makeClip, makeTone } from './helpers/media.ts';
import { currentFrame, pressTimes, waitForFrame, waitForMedia } from './helpers/page-helpers.ts';
import { openVersionAsProducer } from './helpers/player-setup.ts';
import { seedVersion } from './helpers/seed.ts';
import { useWebAppAndBrowser } from './helpers/web-app-harness.ts';

const readout = (page: import('playwright-core').Page) => page.getByTestId('current-position').textContent();

/**
 * The player's clock on a 29.97 drop-frame clip whose timecode starts at 00:00:59;28: stepping
 * two frames crosses the minute, where drop-frame skips the labels ;00 and ;01.
 */
describe('review player timecode', () => {
  const shared = useWebAppAndBrowser();

  it('honours the start timecode and drop-frame, and keys move by frames and seconds', async () => {
    const clip = makeClip('df-cut.mp4', 30, ['-timecode', '00:00:59;28'], '30000/1001');
    const { page, errors, producer, tree, version } = await openVersionAsProducer(shared, clip);
    const rate = parseFrameRate('30000/1001');

    expect(await readout(page)).toBe('00:00:59;28');
    await pressTimes(page, '.', 2);
    await waitForFrame(page, 2);
    expect(await readout(page)).toBe('00:01:00;02');
    await page.keyboard.press(',');
    await waitForFrame(page, 1);
    expect(await readout(page)).toBe('00:00:59;29');

    // Frames mode shows the index from the start of the media.
    await page.getByRole('button', { name: 'Timecode' }).click();
    expect(await readout(page)).toBe('1');
    await page.getByRole('button', { name: 'Frames' }).click();

    // → one frame, Shift+→ ten, ← back one; Home and End go to the first and last frame.
    const at = async () => page.evaluate(() => document.querySelector('video')!.currentTime);
    const from = await currentFrame(page);
    await page.keyboard.press('ArrowRight');
    await waitForFrame(page, from + 1);
    await page.keyboard.press('Shift+ArrowRight');
    await waitForFrame(page, from + 11);
    await page.keyboard.press('ArrowLeft');
    await waitForFrame(page, from + 10);
    await page.keyboard.press('Shift+ArrowLeft');
    await waitForFrame(page, from);

    // Speed and mute keys.
    await page.keyboard.press('=');
    expect(await page.getByLabel('Playback speed').textContent()).toBe('1.25×');
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    expect(await page.getByLabel('Playback speed').textContent()).toBe('0.75×');
    expect(await page.evaluate(() => document.querySelector('video')!.playbackRate)).toBe(0.75);
    await page.keyboard.press('m');
    expect(await page.evaluate(() => document.querySelector('video')!.muted)).toBe(true);
    await page.getByRole('button', { name: 'Unmute' }).waitFor();

    // Space plays, and pausing leaves the readout on the frame the video shows.
    await page.keyboard.press('Space');
    await page.waitForFunction(() => !document.querySelector('video')!.paused);
    await page.waitForTimeout(400);
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('video')!.paused);
    await page.waitForTimeout(100);
    expect(await currentFrame(page)).toBe(secondsToFrame(await at(), rate));

    // C while playing pauses and pins the frame the picture stopped on.
    await page.keyboard.press('Space');
    await page.waitForFunction(() => !document.querySelector('video')!.paused);
    await page.waitForTimeout(300);
    await page.keyboard.press('c');
    await page.waitForFunction(() => document.querySelector('video')!.paused);
    await page.waitForTimeout(100);
    const pinned = Number(await page.getByTestId('composer-frame').getAttribute('data-frame'));
    expect(pinned).toBe(secondsToFrame(await at(), rate));
    expect(await currentFrame(page)).toBe(pinned);
    await page.keyboard.press('Escape');

    // Seeking to a frame puts the media inside that frame (its midpoint).
    await page.getByRole('slider', { name: 'Timeline position' }).fill('300');
    await waitForFrame(page, 300);
    const t = await at();
    expect(t).toBeGreaterThan(framesToSeconds(300, rate));
    expect(t).toBeLessThan(framesToSeconds(301, rate));
    // The last frame is the end: stepping further stays there, and so does the readout.
    const last = version.duration_frames - 1;
    await page.getByRole('slider', { name: 'Timeline position' }).fill(String(last));
    await waitForFrame(page, last);
    await page.keyboard.press('.');
    await page.waitForTimeout(200);
    await waitForFrame(page, last);
    await screenshot(page, '16-player-drop-frame');

    // A second version: the header's version picker moves between them.
    const v2 = await seedVersion(producer.api, tree.deliverable.id, makeClip('df-cut-v2.mp4', 2, [], '25/1'));
    expect(v2.number).toBe(2);
    await page.reload();
    await waitForMedia(page);
    await page.getByLabel('Version', { exact: true }).selectOption(v2.id);
    await page.waitForURL(`**/versions/${v2.id}`);
    await waitForMedia(page);
    expect(await readout(page)).toBe('00:00:00:00');
    await page.getByText('25 fps').waitFor();
    expect(errors).toEqual([]);
  });

  it('plays audio-only versions with millisecond positions', async () => {
    const { page, errors } = await openVersionAsProducer(shared, makeTone('final-mix.m4a', 2), {
      deliverable: 'Final mix',
      waitFor: 'audio',
    });
    await page.getByRole('button', { name: 'Timecode' }).click();
    await page.getByRole('slider', { name: 'Timeline position' }).fill('1250');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="current-position"]')?.getAttribute('data-frame') === '1250',
    );
    expect(await readout(page)).toBe('1250 ms');
    await page.keyboard.press('c');
    await page.keyboard.type('Hiss from 1.25 s');
    await page.keyboard.press('Control+Enter');
    await page.locator('.timeline__marker[data-frame="1250"]').waitFor();
    await screenshot(page, '19-player-audio');
    expect(errors).toEqual([]);
  });
});

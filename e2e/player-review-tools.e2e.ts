import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PLAYER_KEYS } from '../apps/web/src/player/player-keymap.ts';
import { screenshot } from './helpers/browser.ts';
import { makeClip } from './helpers/media.ts';
import { currentFrame, waitForFrame, waitForMedia } from './helpers/page-helpers.ts';
import { goToTimecode as goTo, openVersionAsProducer } from './helpers/player-setup.ts';
import { useWebAppAndBrowser } from './helpers/web-app-harness.ts';

const video = (page: Page) =>
  page.evaluate(() => {
    const v = document.querySelector('video')!;
    return { paused: v.paused, rate: v.playbackRate };
  });

/** The review tools in the player: keys, in/out ranges, go-to-timecode, shuttle, loop, completion. */
describe('player: review tools', () => {
  const shared = useWebAppAndBrowser();

  it('every key works, a range is commented from I/O and from a drag, and a done note is dimmed and filtered', async () => {
    const { page, errors, producer, version } = await openVersionAsProducer(
      shared,
      makeClip('tools.mp4', 8, [], '25/1'),
    );
    const last = version.duration_frames - 1;
    await page.keyboard.press('m');

    // ? lists every key of the table; ? again closes it.
    await page.keyboard.press('?');
    const help = page.getByTestId('key-help');
    await help.waitFor();
    for (const b of PLAYER_KEYS) expect(await help.getByText(b.does).count()).toBeGreaterThan(0);
    await screenshot(page, '30-player-keys');
    await page.keyboard.press('?');
    await help.waitFor({ state: 'detached' });

    // Home / End, typed go-to (timecode and frame), ← → with Shift.
    await page.keyboard.press('End');
    await waitForFrame(page, last);
    await page.keyboard.press('Home');
    await waitForFrame(page, 0);
    await goTo(page, '00:00:02:05');
    await waitForFrame(page, 55);
    await goTo(page, '30');
    await waitForFrame(page, 30);
    await page.keyboard.press('Shift+ArrowLeft');
    await waitForFrame(page, 20);
    await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 21);
    await page.keyboard.press('g');
    await page.getByRole('textbox', { name: 'Go to timecode or frame' }).fill('00:00:02;05');
    await page.getByRole('textbox', { name: 'Go to timecode or frame' }).press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: /drop-frame|timecode/i })
      .waitFor();
    await page.getByRole('textbox', { name: 'Go to timecode or frame' }).press('Escape');

    // I at 10, O at 20: the band shows it; C pins the range; the thread reads TC–TC; a span is drawn.
    await goTo(page, '10');
    await waitForFrame(page, 10);
    await page.keyboard.press('i');
    await goTo(page, '20');
    await waitForFrame(page, 20);
    await page.keyboard.press('o');
    const band = page.getByTestId('in-out-band');
    expect(await band.getAttribute('data-in')).toBe('10');
    expect(await band.getAttribute('data-out')).toBe('20');
    await page.keyboard.press('c');
    const chip = page.getByTestId('composer-frame');
    expect(await chip.getAttribute('data-frame')).toBe('10');
    expect(await chip.getAttribute('data-duration-frames')).toBe('11');
    await page.keyboard.type('Music dips here');
    await page.keyboard.press('Control+Enter');
    const threads = page.getByRole('list', { name: 'Comment threads' });
    await threads.getByRole('button', { name: 'Seek to 00:00:00:10' }).waitFor();
    expect(await threads.getByRole('button', { name: 'Seek to 00:00:00:10' }).textContent()).toBe(
      '00:00:00:10–00:00:00:20',
    );
    await page.locator('[data-testid="comment-span"][data-frame="10"][data-duration-frames="11"]').waitFor();
    await page.keyboard.press('Escape');

    // Loop in → out: playing past the out point goes back to the in point.
    await page.keyboard.press('p');
    await page.keyboard.press('Space');
    await page.waitForTimeout(1500);
    expect((await video(page)).paused).toBe(false);
    const looped = await currentFrame(page);
    expect(looped).toBeGreaterThanOrEqual(10);
    expect(looped).toBeLessThanOrEqual(20);
    await page.keyboard.press('k');
    await page.waitForFunction(() => document.querySelector('video')!.paused);
    await page.keyboard.press('p');
    await screenshot(page, '31-player-range');

    // A drag on the range lane sets in and out (either direction).
    await page.keyboard.press('x');
    await band.waitFor({ state: 'detached' });
    const lane = await page.getByTestId('range-lane').boundingBox();
    if (!lane) throw new Error('no range lane');
    const y = lane.y + lane.height / 2;
    await page.mouse.move(lane.x + lane.width * 0.75, y);
    await page.mouse.down();
    await page.mouse.move(lane.x + lane.width * 0.6, y, { steps: 5 });
    await page.mouse.move(lane.x + lane.width * 0.5, y, { steps: 5 });
    await page.mouse.up();
    const dragIn = Number(await band.getAttribute('data-in'));
    const dragOut = Number(await band.getAttribute('data-out'));
    expect(Math.abs(dragIn - Math.floor(0.5 * version.duration_frames))).toBeLessThanOrEqual(1);
    expect(Math.abs(dragOut - Math.floor(0.75 * version.duration_frames))).toBeLessThanOrEqual(1);
    await page.keyboard.press('x');

    // [ and ] go to the previous and next comment.
    const posted = await producer.api.post(`/api/v1/versions/${version.id}/comments`, {
      body: 'Later',
      frame: 150,
    });
    expect(posted.status).toBe(201);
    await page.reload();
    await waitForMedia(page);
    await page.keyboard.press('m');
    await goTo(page, '100');
    await waitForFrame(page, 100);
    await page.keyboard.press(']');
    await waitForFrame(page, 150);
    await page.keyboard.press('[');
    await waitForFrame(page, 10);

    // J / K / L: L plays at 1×, 2×, 4×; K stops; J runs backwards.
    await page.keyboard.press('l');
    await page.waitForFunction(() => !document.querySelector('video')!.paused);
    expect((await video(page)).rate).toBe(1);
    await page.keyboard.press('l');
    expect((await video(page)).rate).toBe(2);
    await page.keyboard.press('l');
    expect((await video(page)).rate).toBe(4);
    await page.keyboard.press('k');
    await page.waitForFunction(() => document.querySelector('video')!.paused);
    await goTo(page, '120');
    await waitForFrame(page, 120);
    await page.keyboard.press('j');
    expect(await page.getByLabel('Playback speed').textContent()).toBe('-1×');
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid="current-position"]')?.getAttribute('data-frame')) < 112,
    );
    await page.keyboard.press('j');
    expect(await page.getByLabel('Playback speed').textContent()).toBe('-2×');
    await page.keyboard.press('k');
    expect((await video(page)).paused).toBe(true);
    expect(await page.getByLabel('Playback speed').textContent()).toBe('1×');

    // Mark done: dimmed marker, "Done by", the filter; still done after a reload.
    await threads.getByRole('button', { name: 'Mark comment by Pat Producer done' }).first().click();
    await page.getByTestId('comment-done').first().waitFor();
    expect(await page.getByTestId('comment-done').first().textContent()).toContain('Done by Pat Producer');
    await page.locator('.timeline__marker[data-frame="10"][data-done="true"]').waitFor();
    expect(
      await page
        .locator('.timeline__marker[data-frame="10"]')
        .evaluate((el) => Number(getComputedStyle(el).opacity)),
    ).toBeLessThan(0.5);
    await page.getByRole('button', { name: /^Open/ }).click();
    await threads.locator('[data-frame="150"]').waitFor();
    expect(await threads.locator('[data-frame="10"]').count()).toBe(0);
    await page.getByRole('button', { name: /^Done/ }).click();
    await threads.locator('[data-frame="10"]').waitFor();
    expect(await threads.locator('[data-frame="150"]').count()).toBe(0);
    await page.getByRole('button', { name: /^All/ }).click();
    await page.reload();
    await waitForMedia(page);
    await page.locator('.timeline__marker[data-frame="10"][data-done="true"]').waitFor();
    await screenshot(page, '32-player-completed');
    await threads.getByRole('button', { name: 'Reopen comment by Pat Producer' }).click();
    await page.locator('.timeline__marker[data-frame="10"]:not([data-done])').waitFor();
    expect(errors).toEqual([]);
  }, 120_000);

  it('a drawing on the paused frame is posted with the comment and shown there after a reload', async () => {
    const { page, errors, producer, version } = await openVersionAsProducer(
      shared,
      makeClip('draw.mp4', 4, [], '25/1'),
    );
    await goTo(page, '40');
    await waitForFrame(page, 40);
    await page.getByRole('button', { name: 'Draw on frame' }).click();
    await page.getByRole('button', { name: 'Rectangle' }).click();
    const layer = await page.getByTestId('drawing-layer').boundingBox();
    if (!layer) throw new Error('no drawing layer');
    await page.mouse.move(layer.x + layer.width * 0.2, layer.y + layer.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(layer.x + layer.width * 0.6, layer.y + layer.height * 0.5, { steps: 4 });
    await page.mouse.up();
    await page.getByRole('button', { name: 'Colour #ffcc00' }).click();
    await page.getByRole('button', { name: 'Pen', exact: true }).click();
    await page.mouse.move(layer.x + layer.width * 0.7, layer.y + layer.height * 0.7);
    await page.mouse.down();
    await page.mouse.move(layer.x + layer.width * 0.8, layer.y + layer.height * 0.8, { steps: 4 });
    await page.mouse.up();
    await page.getByRole('button', { name: 'Undo' }).click();
    expect(await page.getByTestId('composer-frame').textContent()).toContain('drawing (1)');
    await page.getByRole('textbox', { name: 'Comment', exact: true }).fill('Logo sits too high');
    await page.getByRole('textbox', { name: 'Comment', exact: true }).press('Control+Enter');
    await page.locator('[data-comment-drawing] rect').waitFor();
    const saved = await producer.api.get(`/api/v1/versions/${version.id}/comments`);
    const drawing = saved.body.data[0].drawing;
    expect(drawing.shapes).toHaveLength(1);
    expect(drawing.shapes[0]).toMatchObject({ type: 'rect', colour: '#ff3b30' });
    expect(drawing.shapes[0].x).toBeCloseTo(0.2, 1);
    expect(drawing.shapes[0].w).toBeCloseTo(0.4, 1);
    await page.reload();
    await waitForMedia(page);
    await goTo(page, '40');
    await waitForFrame(page, 40);
    await page.locator('[data-comment-drawing] rect').waitFor();
    await screenshot(page, '33-player-drawing');
    await goTo(page, '60');
    await waitForFrame(page, 60);
    expect(await page.locator('[data-comment-drawing]').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);
});

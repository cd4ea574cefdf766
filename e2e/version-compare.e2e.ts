import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './helpers/browser.ts';
import { makeFrameCodeClip, readFrameCode } from './helpers/frame-code.ts';
import { logInAs } from './helpers/login.ts';
import { newPage, pressTimes } from './helpers/page-helpers.ts';
import { expectOk, seedMagicLink, seedProducer, seedTree, seedVersion } from './helpers/seed.ts';
import { useWebAppAndBrowser } from './helpers/web-app-harness.ts';

const A = '[data-testid="compare-video-a"]';
const B = '[data-testid="compare-video-b"]';

/** Where the player puts a frame: its midpoint (apps/web/src/player/frame-clock.ts seekTimeOf). */
function frameTime(frame: number, num: number, den: number): number {
  return (frame * den) / num + den / num / 2;
}

/** Both videos paused, not seeking, decoded, and the readouts drawn. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll('video')).every((v) => v.paused && !v.seeking && v.readyState >= 2),
  );
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
  );
}

interface SideState {
  readout: number;
  picture: number;
  currentTime: number;
  muted: boolean;
}

async function side(page: Page, s: 'a' | 'b'): Promise<SideState> {
  const selector = s === 'a' ? A : B;
  const readout = Number(await page.getByTestId(`compare-position-${s}`).getAttribute('data-frame'));
  const picture = await readFrameCode(page, selector);
  const { currentTime, muted } = await page.$eval(selector, (v) => ({
    currentTime: (v as HTMLVideoElement).currentTime,
    muted: (v as HTMLVideoElement).muted,
  }));
  return { readout, picture, currentTime, muted };
}

/** Side A at 25 fps, side B at 23.976: the same frame index on both, each at its own exact time. */
async function expectFrames(page: Page, frameA: number, frameB: number): Promise<void> {
  await settled(page);
  const a = await side(page, 'a');
  const b = await side(page, 'b');
  expect({ readout: a.readout, picture: a.picture }).toEqual({ readout: frameA, picture: frameA });
  expect({ readout: b.readout, picture: b.picture }).toEqual({ readout: frameB, picture: frameB });
  // Chromium reports currentTime in whole microseconds; a frame is ~40 000 of them.
  expect(Math.abs(a.currentTime - frameTime(frameA, 25, 1))).toBeLessThan(1e-6);
  expect(Math.abs(b.currentTime - frameTime(frameB, 24000, 1001))).toBeLessThan(1e-6);
}

describe('version compare: two versions under one frame-locked playhead', () => {
  const shared = useWebAppAndBrowser();

  it('steps both sides to the same frame index, shifts B by the offset, seeks from each side’s comments', async () => {
    const v1File = makeFrameCodeClip('v1-25.mp4', 6, '25/1');
    const v2File = makeFrameCodeClip('v2-23976.mp4', 6, '24000/1001');
    const producer = await seedProducer(shared.app);
    const tree = await seedTree(producer.api);
    const v1 = await seedVersion(producer.api, tree.deliverable.id, v1File);
    const v2 = await seedVersion(producer.api, tree.deliverable.id, v2File);
    const comment = (versionId: string, body: Record<string, unknown>) =>
      expectOk(producer.api.post(`/api/v1/versions/${versionId}/comments`, body));
    await comment(v1.id, { body: 'Trim the head', frame: 12 });
    await comment(v2.id, { body: 'Better here', frame: 30 });

    const { page, errors } = await newPage(shared.browser);
    await logInAs(page, shared.app.url, producer.email);
    await page.goto(`${shared.app.url}/versions/${v2.id}`);
    await page.getByTestId('compare-link').click();
    await page.waitForURL(`**/deliverables/${tree.deliverable.id}/compare?a=${v1.id}&b=${v2.id}`);
    await page.waitForFunction(() => {
      const videos = Array.from(document.querySelectorAll('video'));
      return videos.length === 2 && videos.every((v) => v.readyState >= 2);
    });
    await expectFrames(page, 0, 0);
    // Audio from one side at a time: B (the newer cut) by default.
    expect((await side(page, 'a')).muted).toBe(true);
    expect((await side(page, 'b')).muted).toBe(false);

    // ←/→ step both.
    await pressTimes(page, 'ArrowRight', 5);
    await expectFrames(page, 5, 5);
    await pressTimes(page, 'ArrowLeft', 2);
    await expectFrames(page, 3, 3);
    await page.keyboard.press('Shift+ArrowRight');
    await expectFrames(page, 13, 13);

    // The offset shifts B only.
    await page.getByLabel('Offset of B in frames').fill('4');
    await expectFrames(page, 13, 17);
    await page.getByRole('button', { name: 'Next frame' }).click();
    await expectFrames(page, 14, 18);
    await page.keyboard.press('ArrowLeft');
    await expectFrames(page, 13, 17);

    // Each side's comments seek that side to the comment's frame, the other following.
    await page.getByTestId('compare-comments-b').getByRole('button').first().click();
    await expectFrames(page, 26, 30);
    await page.getByTestId('compare-comments-a').getByRole('button').first().click();
    await expectFrames(page, 12, 16);

    // Space plays both and pauses both, landing frame-locked with the offset kept.
    await page.keyboard.press('Space');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('video')).every((v) => !v.paused));
    await page.waitForTimeout(600);
    await page.keyboard.press('Space');
    await settled(page);
    const after = (await side(page, 'a')).readout;
    expect(after).toBeGreaterThan(12);
    await expectFrames(page, after, after + 4);
    await screenshot(page, '60-compare-side-by-side');

    // Wipe: B over A, cut at the line; the playhead and offset are unchanged.
    await page.getByLabel('Wipe', { exact: true }).check();
    await page.getByLabel('Audio A').check();
    expect((await side(page, 'a')).muted).toBe(false);
    expect((await side(page, 'b')).muted).toBe(true);
    await page.keyboard.press('ArrowRight');
    await expectFrames(page, after + 1, after + 5);
    await screenshot(page, '61-compare-wipe');
    expect(errors).toEqual([]);
  }, 120_000);
  it('the client compares in the portal, seeing only client-visible comments', async () => {
    const producer = await seedProducer(shared.app);
    const tree = await seedTree(producer.api);
    const v1 = await seedVersion(producer.api, tree.deliverable.id, makeFrameCodeClip('p1.mp4', 4, '25/1'));
    const v2 = await seedVersion(
      producer.api,
      tree.deliverable.id,
      makeFrameCodeClip('p2.mp4', 4, '24000/1001'),
    );
    await expectOk(producer.api.post(`/api/v1/deliverables/${tree.deliverable.id}/submit`));
    const comment = (versionId: string, body: Record<string, unknown>) =>
      expectOk(producer.api.post(`/api/v1/versions/${versionId}/comments`, body));
    await comment(v1.id, { body: 'Internal: temp grade', frame: 12, visibility: 'internal' });
    await comment(v2.id, { body: 'New title card', frame: 30, visibility: 'client' });
    const link = await seedMagicLink(producer.api, tree.client.id);

    const { page, errors } = await newPage(shared.browser);
    await page.goto(`${shared.app.url}/portal/login?token=${link.token}`);
    await page.getByRole('heading', { name: 'Your shows' }).waitFor();
    await page.goto(
      `${shared.app.url}/portal/versions/${v2.id}?deliverable=${tree.deliverable.id}&episode=${tree.episode.id}`,
    );
    await page.getByTestId('compare-link').click();
    await page.waitForURL(
      `**/portal/deliverables/${tree.deliverable.id}/compare?b=${v2.id}&episode=${tree.episode.id}`,
    );
    await page.waitForFunction(() => {
      const videos = Array.from(document.querySelectorAll('video'));
      return videos.length === 2 && videos.every((v) => v.readyState >= 2);
    });
    // A defaults to the version before B.
    expect(await page.getByLabel('Version on side A').inputValue()).toBe(v1.id);
    await pressTimes(page, 'ArrowRight', 3);
    await expectFrames(page, 3, 3);
    await page.getByTestId('compare-comments-b').getByRole('button').first().click();
    await expectFrames(page, 30, 30);
    expect(await page.getByText('Internal: temp grade').count()).toBe(0);
    await page.getByText('New title card').waitFor();
    await screenshot(page, '62-compare-portal');
    await page.getByRole('link', { name: 'Back to the player' }).click();
    await page.waitForURL(
      `**/portal/versions/${v2.id}?deliverable=${tree.deliverable.id}&episode=${tree.episode.id}`,
    );
    expect(errors).toEqual([]);
  }, 120_000);
});

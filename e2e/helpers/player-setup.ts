import type { Page } from 'playwright-core';
import { logInAs } from './login.ts';
import { newPage, waitForMedia } from './page-helpers.ts';
import { type SeededVersion, seedProducer, seedTree, seedVersion } from './seed.ts';
import type { WebAppAndBrowser } from './web-app-harness.ts';

/**
 * A fresh producer with client → show → episode → deliverable, `clip` uploaded as its version
 * (the real tus path, waited until ready), and a page logged in on that version's player with the
 * media loaded (`waitFor: 'audio'` for audio-only versions).
 */
export async function openVersionAsProducer(
  { app, browser }: WebAppAndBrowser,
  clip: string,
  opts: { deliverable?: string; waitFor?: 'video' | 'audio' } = {},
) {
  const producer = await seedProducer(app);
  const tree = await seedTree(producer.api, opts.deliverable ? { deliverable: opts.deliverable } : {});
  const version: SeededVersion = await seedVersion(producer.api, tree.deliverable.id, clip);
  const opened = await newPage(browser);
  await logInAs(opened.page, app.url, producer.email);
  await opened.page.goto(`${app.url}/versions/${version.id}`);
  if (opts.waitFor === 'audio')
    await opened.page.waitForFunction(() => (document.querySelector('audio')?.readyState ?? 0) >= 1);
  else await waitForMedia(opened.page);
  return { ...opened, producer, tree, version };
}

/** The player's go-to box (G): a timecode or a frame number, then Enter. */
export async function goToTimecode(page: Page, typed: string): Promise<void> {
  await page.keyboard.press('g');
  const box = page.getByRole('textbox', { name: 'Go to timecode or frame' });
  await box.fill(typed);
  await box.press('Enter');
}

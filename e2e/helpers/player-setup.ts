import type { Page } from 'playwright-core';
import type { TestApp } from '../../apps/server/test/helpers/test-app.ts';
import { logInAs } from './login.ts';
import { newPage, waitForMedia } from './page-helpers.ts';
import { type SeededVersion, seedProducer, seedTree, seedVersion } from './seed.ts';
import type { WebAppAndBrowser } from './web-app-harness.ts';

type PlayerOptions = { deliverable?: string; waitFor?: 'video' | 'audio' };

/**
 * A fresh producer with client → show → episode → deliverable and `clip` uploaded as its version
 * (the real tus path, waited until ready). For specs that add rows (comments, members) before the
 * player opens; then `openPlayer`.
 */
export async function seedVersionAsProducer(app: TestApp, clip: string, opts: PlayerOptions = {}) {
  const producer = await seedProducer(app);
  const tree = await seedTree(producer.api, opts.deliverable ? { deliverable: opts.deliverable } : {});
  const version: SeededVersion = await seedVersion(producer.api, tree.deliverable.id, clip);
  return { producer, tree, version };
}

/** A page logged in as `email` on the version's player with the media loaded. */
export async function openPlayer(
  { app, browser }: WebAppAndBrowser,
  email: string,
  versionId: string,
  opts: PlayerOptions = {},
) {
  const opened = await newPage(browser);
  await logInAs(opened.page, app.url, email);
  await opened.page.goto(`${app.url}/versions/${versionId}`);
  if (opts.waitFor === 'audio')
    await opened.page.waitForFunction(() => (document.querySelector('audio')?.readyState ?? 0) >= 1);
  else await waitForMedia(opened.page);
  return opened;
}

/**
 * `seedVersionAsProducer`, then a page logged in on that version's player with the media loaded
 * (`waitFor: 'audio'` for audio-only versions).
 */
export async function openVersionAsProducer(
  shared: WebAppAndBrowser,
  clip: string,
  opts: PlayerOptions = {},
) {
  const seeded = await seedVersionAsProducer(shared.app, clip, opts);
  const opened = await openPlayer(shared, seeded.producer.email, seeded.version.id, opts);
  return { ...opened, ...seeded };
}

/** The player's go-to box (G): a timecode or a frame number, then Enter. */
export async function goToTimecode(page: Page, typed: string): Promise<void> {
  await page.keyboard.press('g');
  const box = page.getByRole('textbox', { name: 'Go to timecode or frame' });
  await box.fill(typed);
  await box.press('Enter');
}

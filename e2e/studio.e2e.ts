import { framesToTimecode, parseFrameRate, secondsToFrame } from '@preroll/timecode';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../apps/server/test/helpers/test-app.ts';
import { launchBrowser, screenshot } from './helpers/browser.ts';
import { makeClip } from './helpers/media.ts';
import { currentFrame, newPage, pressTimes, waitForFrame, waitForMedia } from './helpers/page-helpers.ts';
import { PASSWORD } from './helpers/seed.ts';
import { startWebApp } from './helpers/web-app.ts';

/**
 * The producer's path through the studio, in one browser, against the real server:
 * sign up → client → show → episode → deliverable → tus upload → review player → comment at an
 * exact frame → marker at that frame → reload, still there; hostile comment text stays text.
 */
describe('studio (producer)', () => {
  let app: TestApp;
  let browser: Browser;
  let clip: string;

  beforeAll(async () => {
    clip = makeClip('pilot-cut.mp4', 3);
    app = await startWebApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('signs up, builds client → show → episode → deliverable, uploads, and comments at an exact frame', async () => {
    const { page, dialogs, errors } = await newPage(browser);
    const url = app.url;
    const email = `pat-${Date.now()}@example.test`;

    // Sign up, with the API's field error shown next to the input first.
    await page.goto(`${url}/signup`);
    await page.getByLabel('Your name').fill('Pat Producer');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByLabel('Organization name').fill('Northside Post');
    await screenshot(page, '01-signup');
    await page.getByRole('button', { name: 'Sign up' }).click();
    const pwError = page.locator('.field--invalid .field__error');
    await pwError.waitFor();
    expect(await pwError.textContent()).toMatch(/10 characters/);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    expect(await page.getByLabel('Organization').inputValue()).not.toBe('');

    // Client: an empty name is refused by the API and the message sits under the field.
    await page.getByRole('button', { name: 'New client' }).click();
    await page.getByRole('button', { name: 'Create client' }).click();
    await page.locator('.field--invalid').getByText(/name/i).first().waitFor();
    await page.getByLabel('Client name').fill('Acme Podcasts');
    await page.getByLabel('Contact email').fill('producer@acme.test');
    await page.getByRole('button', { name: 'Create client' }).click();
    await page.getByRole('heading', { name: 'Acme Podcasts' }).waitFor();

    await page.getByRole('button', { name: 'New show' }).click();
    await page.getByLabel('Show title').fill('The Long Take');
    await page.getByRole('button', { name: 'Create show' }).click();
    await page.getByRole('heading', { name: 'The Long Take' }).waitFor();

    await page.getByRole('button', { name: 'New episode' }).click();
    await page.getByLabel('Episode title').fill('Pilot');
    await page.getByLabel('Number').fill('1');
    await page.getByRole('button', { name: 'Create episode' }).click();
    await page.getByRole('heading', { name: /Pilot/ }).waitFor();

    await page.getByRole('button', { name: 'Add deliverable' }).click();
    await page.getByLabel('Deliverable title').fill('Main cut');
    await page.getByRole('button', { name: 'Create deliverable' }).click();
    const card = page.getByRole('article', { name: 'Deliverable Main cut' });
    await card.waitFor();
    await card.getByText('Draft').waitFor();

    // Editing shows the API's field error inline too.
    await card.getByRole('button', { name: 'Edit Main cut' }).click();
    await card.getByLabel('Deliverable title').fill('   ');
    await card.getByRole('button', { name: 'Save deliverable' }).click();
    await card.locator('.field--invalid').getByRole('alert').waitFor();
    await card.getByLabel('Deliverable title').fill('Main cut');
    await card.getByLabel('Kind').selectOption('trailer');
    await card.getByRole('button', { name: 'Save deliverable' }).click();
    await card.getByText('trailer', { exact: true }).waitFor();

    // Upload with tus; the progress bar reaches 100% and the version becomes reviewable.
    await card.getByLabel('Upload a version of Main cut').setInputFiles(clip);
    await card.getByTestId('upload-percent').waitFor();
    await card.getByRole('link', { name: 'Review v1 of Main cut' }).waitFor({ timeout: 30_000 });
    expect(await card.getByTestId('upload-percent').textContent()).toBe('100%');
    await screenshot(page, '02-episode-deliverables');

    await card.getByRole('button', { name: 'Submit for review' }).click();
    await card.getByRole('button', { name: 'Yes, send to the client' }).click();
    await card.getByText('Submitted').waitFor();

    await page.getByRole('tab', { name: 'Activity' }).click();
    await page.getByRole('list', { name: 'Activity' }).waitFor();
    await screenshot(page, '03-episode-activity');
    await page.getByRole('tab', { name: 'Deliverables' }).click();

    // The review player.
    await page.getByRole('link', { name: 'Review v1 of Main cut' }).click();
    await waitForMedia(page);
    const rate = parseFrameRate('24000/1001');
    expect(await currentFrame(page)).toBe(0);
    expect(await page.getByTestId('current-position').textContent()).toBe('00:00:00:00');

    // `.` ×8 then `,` ×1 lands on frame 7; the picture is there too, not just the readout.
    const target = 7;
    await pressTimes(page, '.', 8);
    await waitForFrame(page, 8);
    await page.keyboard.press(',');
    await waitForFrame(page, target);
    expect(await page.getByTestId('current-position').textContent()).toBe(framesToTimecode(target, rate));
    const videoTime = await page.evaluate(() => document.querySelector('video')!.currentTime);
    expect(secondsToFrame(videoTime, rate)).toBe(target);

    // Frames/timecode toggle.
    await page.getByRole('button', { name: 'Timecode' }).click();
    expect(await page.getByTestId('current-position').textContent()).toBe(String(target));
    await page.getByRole('button', { name: 'Frames' }).click();

    // C pauses and focuses the box with the frame pinned; Ctrl+Enter posts.
    await page.keyboard.press('c');
    const box = page.getByRole('textbox', { name: 'Comment', exact: true });
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByTestId('composer-frame').getAttribute('data-frame')).toBe(String(target));
    // Typing letters that are shortcuts (f, m, c, space) must not drive the player.
    await box.pressSequentially('Flash frame — cut comes in 1f early, fix music cue');
    const player = await page.evaluate(() => {
      const v = document.querySelector('video')!;
      return { paused: v.paused, muted: v.muted, fullscreen: document.fullscreenElement !== null };
    });
    expect(player).toEqual({ paused: true, muted: false, fullscreen: false });
    expect(await currentFrame(page)).toBe(target);
    await page.keyboard.press('Control+Enter');
    const marker = page.locator(`.timeline__marker[data-frame="${target}"]`);
    await marker.waitFor();
    expect(await box.inputValue()).toBe('');
    const threads = page.getByRole('list', { name: 'Comment threads' });
    await threads.getByText('Flash frame — cut comes in 1f early, fix music cue').waitFor();
    await threads.getByRole('button', { name: `Seek to ${framesToTimecode(target, rate)}` }).waitFor();

    // The marker sits at frame 7 of the timeline: its offset is 7 / duration of the width.
    const placement = await page.evaluate((f) => {
      const slot = document.querySelector(`.timeline__marker[data-frame="${f}"]`)!.parentElement!;
      const track = document.querySelector('.timeline__markers')!.getBoundingClientRect();
      return { left: slot.getBoundingClientRect().left - track.left, width: track.width };
    }, target);
    const version = await page.evaluate(
      async (id) => (await (await fetch(`/api/v1/versions/${id}`)).json()).data,
      page.url().split('/').pop(),
    );
    expect(placement.left / placement.width).toBeCloseTo(target / version.duration_frames, 3);
    await screenshot(page, '04-player-comment');

    // Arrows move the caret while the box has focus; Escape hands the keys back to the player.
    // Move away, then click the comment: the player seeks to exactly its frame.
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid="current-position"]')?.getAttribute('data-frame')) > 7,
    );
    await threads.getByRole('button', { name: `Seek to ${framesToTimecode(target, rate)}` }).click();
    await waitForFrame(page, target);

    // Reload: the comment and its marker are still there.
    await page.reload();
    await waitForMedia(page);
    await page.locator(`.timeline__marker[data-frame="${target}"]`).waitFor();
    await page.getByText('Flash frame — cut comes in 1f early, fix music cue').waitFor();

    // Reply in the thread, then edit own comment.
    await page.getByRole('button', { name: 'Reply to Pat Producer' }).click();
    await page.getByRole('textbox', { name: 'Reply to Pat Producer' }).fill('Fixed in v2');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('list', { name: 'Replies' }).getByText('Fixed in v2').waitFor();

    // Edit own comment, then delete the reply.
    const first = page.getByRole('article', {
      name: `Comment by Pat Producer at ${framesToTimecode(target, rate)}`,
    });
    await first.getByRole('button', { name: 'Edit', exact: true }).first().click();
    await page.getByRole('textbox', { name: 'Edit comment' }).fill('Flash frame at the cut — fix music cue');
    await page.keyboard.press('Control+Enter');
    await first.getByText('Flash frame at the cut — fix music cue').waitFor();
    await first.getByText('(edited)').first().waitFor();
    const replies = first.getByRole('list', { name: 'Replies' });
    await replies.getByRole('button', { name: 'Delete comment' }).click();
    await replies.getByRole('button', { name: 'Confirm: Delete comment' }).click();
    // Deleted replies leave the list (a deleted thread with replies would stay as a tombstone).
    await first.getByText('Fixed in v2').waitFor({ state: 'detached' });

    // Hostile text is shown as text: no <img> is created and no dialog opens.
    const hostile = '<img src=x onerror=alert(1)>';
    await threads.getByRole('button', { name: `Seek to ${framesToTimecode(target, rate)}` }).click();
    await waitForFrame(page, target);
    await page.keyboard.press('.');
    await waitForFrame(page, target + 1);
    await page.keyboard.press('c');
    await box.fill(hostile);
    await page.keyboard.press('Control+Enter');
    await threads.getByText(hostile, { exact: true }).waitFor();
    expect(await page.locator('.comment__body img').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    await screenshot(page, '05-player-threads');

    expect(errors).toEqual([]);
  });

  it('team page, settings and API keys', async () => {
    const { page } = await newPage(browser);
    await page.goto(`${app.url}/signup`);
    await page.getByLabel('Your name').fill('Olive Owner');
    await page.getByLabel('Email').fill(`olive-${Date.now()}@example.test`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Organization name').fill('Olive Films');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    await screenshot(page, '06-clients-empty');

    await page.getByRole('link', { name: 'Team' }).click();
    await page.getByRole('heading', { name: 'Team' }).waitFor();
    await page.getByRole('region', { name: 'Invite someone' }).getByLabel('Email').fill('editor@olive.test');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('editor@olive.test').waitFor();
    await screenshot(page, '07-team');

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Key name').fill('Render farm');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = await page.getByLabel('New API key').textContent();
    expect(key).toMatch(/^pr_/);
    await screenshot(page, '08-api-key-created');
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByLabel('New API key').count()).toBe(0);
    await page.getByRole('button', { name: 'Revoke Render farm' }).click();
    await page.getByRole('button', { name: 'Confirm: Revoke Render farm' }).click();
    await page.getByText('No API keys.').waitFor();

    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('article', { name: 'Frame.io' }).waitFor();
    await screenshot(page, '09-integrations');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
  });
});

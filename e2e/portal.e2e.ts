import { framesToTimecode, parseFrameRate } from '@preroll/timecode';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../apps/server/test/helpers/test-app.ts';
import { launchBrowser, screenshot } from './helpers/browser.ts';
import { makeClip } from './helpers/media.ts';
import { newPage, pressTimes, waitForFrame, waitForMedia } from './helpers/page-helpers.ts';
import { expectOk, PASSWORD, seedMagicLink, seedProducer, seedTree, seedVersion } from './helpers/seed.ts';
import { startWebApp } from './helpers/web-app.ts';

/**
 * A client reviews in the portal while the producer watches: magic-link login (link read from
 * the dev outbox), only their own content with its poster frames, client-visible comments only, a
 * comment at a frame, a reply, approval; the producer's open player updates live over SSE.
 */

/** The poster <img> is there and the browser decoded it (the portal session may fetch it). */
async function expectPosterLoaded(poster: Locator) {
  await poster.waitFor();
  await expect
    .poll(() => poster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), {
      timeout: 15_000,
    })
    .toBe(true);
}
describe('client portal', () => {
  let app: TestApp;
  let browser: Browser;
  let clip: string;

  beforeAll(async () => {
    clip = makeClip('trailer.mp4', 3);
    app = await startWebApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('client logs in by magic link, sees only their content, comments and approves; the producer sees it live', async () => {
    const rate = parseFrameRate('24000/1001');
    // Seeded over the API: the studio UI path has its own spec (studio.e2e.ts).
    const producer = await seedProducer(app, 'Pat Producer');
    const ours = await seedTree(producer.api, {
      client: 'Acme Podcasts',
      show: 'The Long Take',
      episode: 'Pilot',
      deliverable: 'Trailer',
    });
    const theirs = await seedTree(producer.api, {
      client: 'Other Client',
      show: 'Secret Show',
      episode: 'Hidden',
      deliverable: 'Hidden cut',
    });
    const version = await seedVersion(producer.api, ours.deliverable.id, clip);
    await seedVersion(producer.api, theirs.deliverable.id, clip);
    await expectOk(producer.api.post(`/api/v1/deliverables/${ours.deliverable.id}/submit`));
    await expectOk(producer.api.post(`/api/v1/deliverables/${theirs.deliverable.id}/submit`));
    await expectOk(
      producer.api.post(`/api/v1/versions/${version.id}/comments`, {
        body: 'Internal: temp music, do not show the client',
        frame: 3,
        visibility: 'internal',
      }),
    );
    await expectOk(
      producer.api.post(`/api/v1/versions/${version.id}/comments`, {
        body: 'Is the title card long enough?',
        frame: 20,
        duration_frames: 24,
        visibility: 'client',
      }),
    );
    const link = await seedMagicLink(
      producer.api,
      ours.client.id,
      `casey-${Date.now()}@acme.test`,
      'Casey Client',
    );

    // The producer logs in through the UI and opens the player.
    const studio = await newPage(browser);
    await studio.page.goto(`${app.url}/login`);
    await studio.page.getByLabel('Email').fill(producer.email);
    await studio.page.getByLabel('Password').fill(PASSWORD);
    await studio.page.getByRole('button', { name: 'Log in' }).click();
    await studio.page.getByRole('heading', { name: 'Clients' }).waitFor();
    await studio.page.goto(`${app.url}/versions/${version.id}`);
    await waitForMedia(studio.page);
    await studio.page.getByText('Internal: temp music, do not show the client').waitFor();
    expect(await studio.page.getByText('Submitted', { exact: true }).count()).toBeGreaterThan(0);

    // The client follows the magic link.
    const portal = await newPage(browser);
    const { page } = portal;
    await page.goto(`${app.url}/portal/login?token=${link.token}`);
    await page.getByRole('heading', { name: 'Your shows' }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    await page.getByRole('link', { name: 'The Long Take' }).waitFor();
    expect(await page.getByText('Secret Show').count()).toBe(0);
    // The waiting list shows the cut's poster once the previews job made it (live, no reload).
    const waiting = page.getByRole('list', { name: 'Waiting for your review' });
    await expectPosterLoaded(waiting.getByRole('img', { name: 'Poster of Trailer', exact: true }));
    expect(await page.getByRole('img', { name: /Hidden cut/ }).count()).toBe(0);
    await screenshot(page, '10-portal-home');

    // The link works once.
    const reuse = await newPage(browser);
    await reuse.page.goto(`${app.url}/portal/login?token=${link.token}`);
    await reuse.page.getByRole('alert').waitFor();
    await reuse.context.close();

    await page.getByRole('link', { name: 'The Long Take' }).click();
    await page.getByRole('link', { name: 'Pilot' }).click();
    const card = page.getByRole('article', { name: 'Deliverable Trailer' });
    await card.getByText('In review').waitFor();
    await expectPosterLoaded(card.getByRole('img', { name: 'Poster of Trailer', exact: true }));
    await screenshot(page, '11-portal-deliverables');
    await card.getByRole('link', { name: 'Review Trailer' }).click();
    await waitForMedia(page);

    // Client-visible comments only; no visibility picker for clients.
    await page.getByText('Is the title card long enough?').waitFor();
    expect(await page.getByText('Internal: temp music').count()).toBe(0);
    expect(await page.locator('.timeline__marker[data-frame="3"]').count()).toBe(0);
    expect(await page.getByLabel('Visibility').count()).toBe(0);
    // A comment on a range shows how far it reaches: 24 frames of the timeline's width.
    const span = await page.evaluate(() => {
      const el = document.querySelector('.timeline__span')!.getBoundingClientRect();
      const track = document.querySelector('.timeline__markers')!.getBoundingClientRect();
      return el.width / track.width;
    });
    expect(span).toBeCloseTo(24 / version.duration_frames, 3);

    // Comment at frame 12, from the keyboard.
    const frame = 12;
    await pressTimes(page, '.', frame);
    await waitForFrame(page, frame);
    await page.keyboard.press('c');
    await page.keyboard.type('Logo is soft here, can we get a sharper export?');
    await page.keyboard.press('Control+Enter');
    await page.locator(`.timeline__marker[data-frame="${frame}"]`).waitFor();

    // A reply to the producer's question; clients see team members as "Production team".
    await page.getByRole('button', { name: 'Reply to Production team' }).click();
    await page.getByRole('textbox', { name: 'Reply to Production team' }).fill('Yes, it reads fine.');
    await page.keyboard.press('Control+Enter');
    const question = page.getByRole('article', { name: /^Comment by Production team at / });
    await question.getByRole('list', { name: 'Replies' }).getByText('Yes, it reads fine.').waitFor();
    expect(await page.getByText('Pat Producer').count()).toBe(0);

    // Hostile text from a client is text on both sides.
    await page.keyboard.press('Escape');
    await page.keyboard.press('.');
    await waitForFrame(page, frame + 1);
    await page.keyboard.press('c');
    await page.keyboard.type('<img src=x onerror=alert(1)>');
    await page.keyboard.press('Control+Enter');
    await page.getByText('<img src=x onerror=alert(1)>', { exact: true }).waitFor();
    await screenshot(page, '12-portal-player');

    // The producer's open page shows all of it without a reload.
    const sp = studio.page;
    await sp.locator(`.timeline__marker[data-frame="${frame}"]`).waitFor();
    await sp.getByText('Logo is soft here, can we get a sharper export?').waitFor();
    await sp.getByText('Yes, it reads fine.').waitFor();
    await sp.getByText('<img src=x onerror=alert(1)>', { exact: true }).waitFor();
    expect(await sp.getByRole('button', { name: `Seek to ${framesToTimecode(frame, rate)}` }).count()).toBe(
      1,
    );

    // Request changes; the producer sees it live and resubmits; the client sees that live too.
    await page.getByRole('button', { name: 'Request changes' }).click();
    await page.getByLabel(/What should change/).fill('Sharper logo export, please.');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.locator('.page__header [data-status="changes_requested"]').waitFor();
    expect(await page.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
    await sp.locator('.page__header [data-status="revision_requested"]').waitFor();
    await sp.getByRole('button', { name: 'Resubmit' }).click();
    await sp.getByRole('button', { name: 'Yes, resubmit to the client' }).click();
    await sp.locator('.page__header [data-status="resubmitted"]').waitFor();
    await page.locator('.page__header [data-status="in_review"]').waitFor();

    // Approve; the producer sees the status change live.
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('button', { name: 'Yes, approve' }).click();
    await page.getByRole('status').filter({ hasText: 'Approved' }).waitFor();
    await page.locator('.page__header [data-status="approved"]').waitFor();
    await sp.locator('.page__header [data-status="approved"]').waitFor();
    await screenshot(sp, '13-producer-live');

    for (const p of [studio, portal]) {
      expect(p.dialogs).toEqual([]);
      expect(await p.page.locator('.comment__body img').count()).toBe(0);
      expect(p.errors).toEqual([]);
    }
  });
});

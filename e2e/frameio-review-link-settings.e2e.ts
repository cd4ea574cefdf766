import { SEED_IDS } from '@preroll/frameio-sandbox';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './helpers/browser.ts';
import { connectOverApi, type FrameioWebApp, startFrameioWebApp } from './helpers/frameio-app.ts';
import { logInAs } from './helpers/login.ts';
import { makeClip } from './helpers/media.ts';
import { newPage } from './helpers/page-helpers.ts';
import { expectOk, seedMagicLink, seedProducer, seedTree, seedVersion } from './helpers/seed.ts';

/**
 * Review link settings in a browser: an expiry in the past is refused under the field and the
 * working link stays; a future expiry replaces it and shows its year, in the studio and the
 * client portal; after a disconnect both keep listing the link (docs/frameio.md, "Review links
 * after a disconnect").
 */
describe('Frame.io review link settings', () => {
  let fx: FrameioWebApp;
  let browser: Browser;
  let clip: string;

  beforeAll(async () => {
    clip = makeClip('link-cut.mp4', 1);
    fx = await startFrameioWebApp({ worker: true });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  it('refuses a past expiry without touching the link, shows the year of a new one, and keeps the link listed after a disconnect', {
    timeout: 120_000,
  }, async () => {
    const owner = await seedProducer(fx.app, 'Lena Links');
    await connectOverApi(fx, owner.api, {
      userId: SEED_IDS.alexId,
      accountId: SEED_IDS.accountId,
      workspaceId: SEED_IDS.workspaceId,
    });
    const tree = await seedTree(owner.api, { show: 'Link Show', deliverable: 'Main cut' });
    const version = await seedVersion(owner.api, tree.deliverable.id, clip);
    await expectOk(owner.api.post(`/api/v1/deliverables/${tree.deliverable.id}/submit`));
    await expectOk(owner.api.post(`/api/v1/versions/${version.id}/frameio`), [202]);

    const { page, dialogs, errors } = await newPage(browser);
    await logInAs(page, fx.app.url, owner.email);
    await page.goto(`${fx.app.url}/episodes/${tree.episode.id}`);
    const card = page.getByRole('article', { name: 'Deliverable Main cut' });
    const section = card.getByRole('region', { name: 'Frame.io: v1 of Main cut' });
    const link = section.getByTestId('frameio-review-link');
    await link.waitFor({ timeout: 45_000 });
    const first = (await link.textContent()) ?? '';

    // An expiry that has passed: refused under the field, the link as it was.
    await section.getByRole('button', { name: 'New review link for v1 of Main cut' }).click();
    const form = section.getByRole('form', { name: 'Review link settings for v1 of Main cut' });
    const expires = form.getByLabel('Expires (optional)');
    const lastYear = new Date().getFullYear() - 1;
    await expires.fill(`${lastYear}-06-01T10:00`);
    await form.getByRole('button', { name: 'Create new review link' }).click();
    const fieldError = form.getByRole('alert');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toContain('cannot expire in the past');
    expect(await link.textContent()).toBe(first);
    await screenshot(page, 'frameio-40-expiry-in-past');

    // A date next year: a new link replaces the old one, and its expiry shows the year.
    const nextYear = new Date().getFullYear() + 1;
    await expires.fill(`${nextYear}-01-02T10:00`);
    await form.getByRole('button', { name: 'Create new review link' }).click();
    await form.waitFor({ state: 'detached' });
    await section.getByTestId('frameio-review-link-expiry').waitFor();
    const second = (await link.textContent()) ?? '';
    expect(second).not.toBe(first);
    expect(await section.getByTestId('frameio-review-link-expiry').textContent()).toContain(String(nextYear));
    await screenshot(page, 'frameio-41-expiry-with-year');

    const magic = await seedMagicLink(owner.api, tree.client.id);
    const portal = await newPage(browser);
    await portal.page.goto(`${fx.app.url}/portal/login?token=${magic.token}`);
    await portal.page.getByRole('heading', { name: 'Your shows' }).waitFor();
    await portal.page.goto(`${fx.app.url}/portal/episodes/${tree.episode.id}`);
    const portalLinks = portal.page.getByRole('list', { name: 'Frame.io review links for Main cut' });
    await portalLinks.getByRole('link', { name: 'Frame.io review link for Main cut v1' }).waitFor();
    expect(await portalLinks.textContent()).toContain(String(nextYear));
    expect(
      await portalLinks
        .getByRole('link', { name: 'Frame.io review link for Main cut v1' })
        .getAttribute('href'),
    ).toBe(second);

    // Disconnected: the studio still lists the link (read-only, saying why), like the portal.
    await expectOk(owner.api.request('DELETE', '/api/v1/integrations/frameio'));
    await page.reload();
    await link.waitFor();
    expect(await link.textContent()).toBe(second);
    await section.getByText('Frame.io is disconnected. This link still works for the client').waitFor();
    expect(await section.getByRole('button', { name: 'New review link for v1 of Main cut' }).count()).toBe(0);
    await screenshot(page, 'frameio-42-disconnected-link');
    await portal.page.reload();
    await portalLinks.getByRole('link', { name: 'Frame.io review link for Main cut v1' }).waitFor();

    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(portal.errors).toEqual([]);
  });
});

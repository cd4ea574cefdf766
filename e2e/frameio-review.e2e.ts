import { SEED_IDS } from '@preroll/frameio-sandbox';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './helpers/browser.ts';
import { connectOverApi, type FrameioWebApp, startFrameioWebApp } from './helpers/frameio-app.ts';
import { logInAs } from './helpers/login.ts';
import { makeClip, makeNoiseClip } from './helpers/media.ts';
import { newPage } from './helpers/page-helpers.ts';
import { expectOk, seedMagicLink, seedProducer, seedTree, seedVersion } from './helpers/seed.ts';
import { startThrottleProxy, type ThrottleProxy } from './helpers/throttle-proxy.ts';

/**
 * Send to Frame.io / review projects in a browser: Send to Frame.io from the Deliverables tab, a
 * progress bar that moves while the parts go up, "In Frame.io" with a review link, and that link in
 * the client's portal. The sandbox hands out upload URLs through a throttling proxy (3 MiB/s per
 * part), so the ~25 MB clip takes a few seconds instead of a blink on loopback.
 */
describe('Frame.io review: Send to Frame.io', () => {
  let fx: FrameioWebApp;
  let browser: Browser;
  let proxy: ThrottleProxy;
  let clip: string;
  let smallClip: string;

  beforeAll(async () => {
    clip = makeNoiseClip('main-cut.mp4', 3);
    smallClip = makeClip('trailer.mp4', 2);
    proxy = await startThrottleProxy({
      bytesPerSecond: 3 * 1024 * 1024,
      throttle: (path) => path.startsWith('/_s3/'),
    });
    fx = await startFrameioWebApp({
      sandbox: { publicUrl: proxy.url },
      worker: true,
      // The API through the proxy too, so a test can make Frame.io refuse a call.
      apiUrl: () => proxy.url,
    });
    proxy.setTarget(fx.sandbox.url);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await fx?.close();
    await proxy?.close();
  });

  it('shows a moving progress bar, ends with a review link, and the client sees the link', {
    timeout: 120_000,
  }, async () => {
    const owner = await seedProducer(fx.app, 'Uma Uploader');
    await connectOverApi(fx, owner.api, {
      userId: SEED_IDS.alexId,
      accountId: SEED_IDS.accountId,
      workspaceId: SEED_IDS.workspaceId,
    });
    const tree = await seedTree(owner.api);
    await seedVersion(owner.api, tree.deliverable.id, clip);

    const { page, dialogs, errors } = await newPage(browser);
    await logInAs(page, fx.app.url, owner.email);
    await page.goto(`${fx.app.url}/episodes/${tree.episode.id}`);
    const card = page.getByRole('article', { name: 'Deliverable Main cut' });
    const send = card.getByRole('button', { name: 'Send v1 of Main cut to Frame.io' });
    await send.waitFor();
    await send.click();

    // Sample the percentage the row shows until the review link appears.
    const seen = new Set<string>();
    const link = card.getByTestId('frameio-review-link');
    const percent = card.getByTestId('frameio-percent');
    let midShot = false;
    let stats = '';
    const until = Date.now() + 45_000;
    while (Date.now() < until && (await link.count()) === 0) {
      const p = (await percent.count()) > 0 ? await percent.textContent().catch(() => null) : null;
      if (p) {
        seen.add(p);
        const n = Number.parseFloat(p);
        if (!midShot && n > 5 && n < 90 && (await card.getByTestId('frameio-eta').count()) > 0) {
          midShot = true;
          await screenshot(page, 'frameio-10-uploading');
          // Speed and time left come from the SSE progress events.
          stats = `${await card.getByTestId('frameio-speed').textContent()} · ${await card.getByTestId('frameio-eta').textContent()}`;
          await card.getByText('Uploading to Frame.io').waitFor({ timeout: 1000 });
        }
      }
      await page.waitForTimeout(100);
    }
    if ((await link.count()) === 0) {
      await screenshot(page, 'frameio-19-stuck');
      const vs = await owner.api.get(`/api/v1/deliverables/${tree.deliverable.id}/versions`);
      const st = await owner.api.get(`/api/v1/versions/${vs.body.data[0].id}/frameio`);
      throw new Error(`no review link; seen ${[...seen].join(', ')}; state ${st.text}`);
    }
    const moving = [...seen].filter((p) => p !== '0%' && p !== '100%');
    expect(moving.length, `percentages seen: ${[...seen].join(', ')}`).toBeGreaterThanOrEqual(2);
    expect(stats).toMatch(/^[\d.]+ (MB|KB)\/s · \d+ s left$/);
    await link.waitFor();
    const shortUrl = (await link.textContent()) ?? '';
    expect(shortUrl).toMatch(new RegExp(`^${proxy.url}/s/[A-Za-z0-9]+$`));
    const section = card.getByRole('region', { name: 'Frame.io: v1 of Main cut' });
    await section.getByText('In Frame.io', { exact: true }).waitFor();
    await section.getByRole('link', { name: 'Open v1 of Main cut in Frame.io' }).waitFor();
    await section.getByRole('button', { name: 'Copy review link for v1 of Main cut' }).waitFor();
    await screenshot(page, 'frameio-11-review-link');

    // Resync re-lists the file's Frame.io comments now: nothing to repair on a fresh upload.
    await card.getByRole('button', { name: 'Resync Main cut with Frame.io' }).click();
    await card
      .getByRole('status')
      .filter({ hasText: /In sync \(1 file checked\)/ })
      .waitFor();

    // A new link with a passphrase and downloads replaces the first one.
    await section.getByRole('button', { name: 'New review link for v1 of Main cut' }).click();
    const linkForm = section.getByRole('form', { name: 'Review link settings for v1 of Main cut' });
    await linkForm.getByLabel('Passphrase (optional)').fill('open sesame');
    await linkForm.getByLabel('Allow downloads').check();
    await linkForm.getByRole('button', { name: 'Create new review link' }).click();
    await linkForm.waitFor({ state: 'detached' });
    await section.getByText('passphrase', { exact: true }).waitFor();
    await section.getByText('downloads', { exact: true }).waitFor();
    const firstUrl = shortUrl;
    const replaced = (await link.textContent()) ?? '';
    expect(replaced).not.toBe(firstUrl);
    expect(replaced).toMatch(new RegExp(`^${proxy.url}/s/[A-Za-z0-9]+$`));
    await screenshot(page, 'frameio-11b-review-link-settings');

    // The server agrees with what the row shows.
    const versions = await expectOk<{ id: string }[]>(
      owner.api.get(`/api/v1/deliverables/${tree.deliverable.id}/versions`),
    );
    const state = await expectOk<{ status: string; review_link: { short_url: string } | null }>(
      owner.api.get(`/api/v1/versions/${versions[0]!.id}/frameio`),
    );
    expect(['uploaded', 'transcoded']).toContain(state.status);
    expect(state.review_link?.short_url).toBe(replaced);

    // The client, once the deliverable is submitted, sees the same link in the portal.
    await expectOk(owner.api.post(`/api/v1/deliverables/${tree.deliverable.id}/submit`));
    const magic = await seedMagicLink(owner.api, tree.client.id);
    const portal = await newPage(browser);
    await portal.page.goto(`${fx.app.url}/portal/login?token=${magic.token}`);
    await portal.page.getByRole('heading', { name: 'Your shows' }).waitFor();
    await portal.page.goto(`${fx.app.url}/portal/episodes/${tree.episode.id}`);
    const portalLink = portal.page.getByRole('link', { name: 'Frame.io review link for Main cut v1' });
    await portalLink.waitFor();
    expect(await portalLink.getAttribute('href')).toBe(replaced);
    await screenshot(portal.page, 'frameio-12-portal-review-link');

    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(portal.errors).toEqual([]);
  });

  it('a refused upload shows the error and its action on the version; Retry finishes it', {
    timeout: 120_000,
  }, async () => {
    const owner = await seedProducer(fx.app, 'Rae Retrier');
    await connectOverApi(fx, owner.api, {
      userId: SEED_IDS.alexId,
      accountId: SEED_IDS.accountId,
      workspaceId: SEED_IDS.workspaceId,
    });
    const tree = await seedTree(owner.api, { show: 'Retry Show', deliverable: 'Trailer' });
    await seedVersion(owner.api, tree.deliverable.id, smallClip);
    // Frame.io refuses to create the file: the connected user lacks write access.
    proxy.refusals = [
      {
        method: 'POST',
        path: /\/files\/local_upload$/,
        status: 403,
        body: JSON.stringify({ errors: [{ detail: 'Forbidden' }] }),
      },
    ];
    try {
      const { page, errors } = await newPage(browser);
      await logInAs(page, fx.app.url, owner.email);
      await page.goto(`${fx.app.url}/episodes/${tree.episode.id}`);
      const card = page.getByRole('article', { name: 'Deliverable Trailer' });
      await card.getByRole('button', { name: 'Send v1 of Trailer to Frame.io' }).click();
      const section = card.getByRole('region', { name: 'Frame.io: v1 of Trailer' });
      const alert = section.getByRole('alert');
      await alert.waitFor({ timeout: 30_000 });
      const text = (await alert.textContent()) ?? '';
      expect(text).toContain('frameio_no_write_access');
      expect(text).toContain('Sandbox Workspace');
      expect(text).toMatch(/edit access/);
      await section.getByText('Frame.io upload failed').waitFor();
      await screenshot(page, 'frameio-13-upload-failed');

      // Access granted in Frame.io; Retry continues and ends with a review link.
      proxy.refusals = [];
      await section.getByRole('button', { name: 'Retry sending v1 of Trailer to Frame.io' }).click();
      await card.getByTestId('frameio-review-link').waitFor({ timeout: 45_000 });
      expect(await section.getByRole('alert').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      proxy.refusals = [];
    }
  });

  it('work sent while Frame.io needs a reconnect waits, says so, and finishes after the admin reconnects', {
    timeout: 120_000,
  }, async () => {
    const owner = await seedProducer(fx.app, 'Wes Waiter');
    await connectOverApi(fx, owner.api, {
      userId: SEED_IDS.alexId,
      accountId: SEED_IDS.accountId,
      workspaceId: SEED_IDS.workspaceId,
    });
    const tree = await seedTree(owner.api, { show: 'Waiting Show', deliverable: 'Teaser' });
    const version = await seedVersion(owner.api, tree.deliverable.id, smallClip);
    // IMS refused the refresh token (the server specs cover how): the connection needs a reconnect.
    const me = await expectOk<{ active_organization: { id: string } }>(owner.api.get('/api/v1/me'));
    await fx.app.preroll.db
      .updateTable('frameio_connections')
      .set({ status: 'needs_reconnect', last_error: 'Adobe IMS refused the refresh token (invalid_grant).' })
      .where('org_id', '=', me.active_organization.id)
      .execute();
    // Sent over the API (the button shows only while the connection is active).
    await expectOk(owner.api.post(`/api/v1/versions/${version.id}/frameio`), [202]);
    const until = Date.now() + 20_000;
    for (;;) {
      const card = await expectOk<{ waiting_jobs: number }>(owner.api.get('/api/v1/integrations/frameio'));
      if (card.waiting_jobs > 0) break;
      if (Date.now() > until) throw new Error('the upload job was never parked');
      await new Promise((r) => setTimeout(r, 200));
    }

    const { page, errors } = await newPage(browser);
    await logInAs(page, fx.app.url, owner.email);
    const banner = page.getByRole('alert', { name: 'Frame.io needs a reconnect' });
    await banner.getByText(/1 Frame\.io job is waiting/).waitFor();
    await page.goto(`${fx.app.url}/episodes/${tree.episode.id}`);
    const card = page.getByRole('article', { name: 'Deliverable Teaser' });
    const section = card.getByRole('region', { name: 'Frame.io: v1 of Teaser' });
    await section.getByText('Waiting for Frame.io').waitFor();
    await section.getByText(/needs a reconnect/).waitFor();
    expect(await section.getByRole('button', { name: /Retry/ }).count()).toBe(0);
    await screenshot(page, 'frameio-14-waiting-for-reconnect');

    // The admin reconnects as the same Frame.io user from the banner; the upload resumes.
    await banner.getByRole('link', { name: 'Reconnect Frame.io' }).click();
    await page.getByRole('article', { name: 'Frame.io' }).getByRole('button', { name: 'Reconnect' }).click();
    await page.waitForURL((u) => u.href.startsWith(`${fx.sandbox.url}/ims/authorize`));
    await page.getByRole('button', { name: /Continue as Alex Producer/ }).click();
    await page.waitForURL((u) => u.pathname === '/settings/integrations');
    await page.getByTestId('frameio-status').getByText('Connected', { exact: true }).waitFor();
    await page.goto(`${fx.app.url}/episodes/${tree.episode.id}`);
    await card.getByTestId('frameio-review-link').waitFor({ timeout: 45_000 });
    expect(errors).toEqual([]);
  });
});

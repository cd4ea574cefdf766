import { SEED_IDS } from '@preroll/frameio-sandbox';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBanner } from '../apps/server/src/start-banner.ts';
import { launchBrowser, screenshot } from './helpers/browser.ts';
import { type FrameioWebApp, startFrameioWebApp } from './helpers/frameio-app.ts';
import { logInAs } from './helpers/login.ts';
import { newPage } from './helpers/page-helpers.ts';
import { PASSWORD, seedProducer } from './helpers/seed.ts';

/**
 * Connecting from the address that works. With PUBLIC_URL http://localhost:<port> (what `npm start`
 * uses by default), a visitor who opens http://127.0.0.1:<port> used to end on state_mismatch:
 * the sign-in returned to localhost, where neither the session nor the state cookie exist.
 */
describe('Frame.io connect from another name of the same machine', () => {
  let fx: FrameioWebApp;
  let elsewhere: FrameioWebApp;
  let browser: Browser;

  beforeAll(async () => {
    fx = await startFrameioWebApp({ publicHost: 'localhost' });
    // PUBLIC_URL a name this browser cannot reach: the studio is opened at 127.0.0.1 instead.
    elsewhere = await startFrameioWebApp({ publicHost: 'preroll.invalid' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await fx?.close();
    await elsewhere?.close();
  });

  it('opened at 127.0.0.1, the studio moves to PUBLIC_URL before sign-up, and Connect comes back connected', async () => {
    const port = new URL(fx.publicUrl).port;
    const { page, dialogs, errors } = await newPage(browser);
    await page.goto(`http://127.0.0.1:${port}/signup`);
    await page.waitForURL(`http://localhost:${port}/signup`);
    await page.getByLabel('Your name').fill('Lou Localhost');
    await page.getByLabel('Email').fill(`lou-${Date.now()}@example.test`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Organization name').fill('Loopback Studio');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();

    await page.goto(`http://127.0.0.1:${port}/settings/integrations`);
    await page.waitForURL(`http://localhost:${port}/settings/integrations`);
    const card = page.getByRole('article', { name: 'Frame.io' });
    await card.getByTestId('frameio-status').getByText('Not connected').waitFor();
    await card.getByRole('button', { name: 'Connect' }).click();
    await page.waitForURL((u) => u.href.startsWith(`${fx.sandbox.url}/ims/authorize`));
    await page.getByRole('button', { name: /Continue as Alex Producer/ }).click();

    await page.waitForURL(
      (u) => u.origin === `http://localhost:${port}` && u.pathname === '/settings/integrations',
    );
    const picker = page.getByRole('form', { name: 'Pick a Frame.io workspace' });
    await picker.waitFor();
    expect(await card.getByRole('alert', { name: 'Frame.io connection error' }).count()).toBe(0);
    await picker.getByLabel('Frame.io account').selectOption(SEED_IDS.accountId);
    await picker.getByLabel('Frame.io workspace').selectOption(SEED_IDS.workspaceId);
    await picker.getByRole('button', { name: 'Use this workspace' }).click();
    await card.getByTestId('frameio-status').getByText('Connected', { exact: true }).waitFor();
    await screenshot(page, 'frameio-30-connected-from-127');
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the start banner’s addresses work: PUBLIC_URL opens the studio, the reviewer UI link opens the reviewer UI', async () => {
    const port = Number(new URL(fx.publicUrl).port);
    const text = startBanner({
      publicUrl: fx.publicUrl,
      host: '127.0.0.1',
      port,
      database: 'SQLite',
      demo: undefined,
      sandboxUrl: fx.sandbox.url,
      mail: 'dev outbox',
    });
    const open = /open (http:\/\/\S+)/.exec(text)?.[1];
    const ui = /reviewer UI[^:]*: (http:\/\/\S+)/.exec(text)?.[1];
    expect(open).toBe(fx.publicUrl);
    expect(text).toContain(`http://127.0.0.1:${port} redirects to it`);
    const { page, errors } = await newPage(browser);
    await page.goto(`${open}/login`);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    const reviewer = await newPage(browser);
    const res = await reviewer.page.goto(ui!);
    expect(res?.status()).toBe(200);
    await reviewer.page.getByRole('heading', { name: 'Projects' }).waitFor();
    await screenshot(reviewer.page, 'frameio-31-reviewer-ui-from-banner');
    expect(errors).toEqual([]);
  });

  it('on a host that is not PUBLIC_URL’s and no loopback alias, the card says where to connect instead of starting a sign-in that cannot finish', async () => {
    const owner = await seedProducer(elsewhere.app, 'Nia Elsewhere');
    const { page, errors } = await newPage(browser);
    const connects: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/integrations/frameio/connect')) connects.push(r.url());
    });
    await logInAs(page, elsewhere.app.url, owner.email);
    await page.goto(`${elsewhere.app.url}/settings/integrations`);
    const card = page.getByRole('article', { name: 'Frame.io' });
    const notice = card.getByRole('status', { name: 'Connect from PUBLIC_URL' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain(`The Frame.io sign-in returns to ${elsewhere.publicUrl}`);
    const go = card.getByRole('link', { name: `Connect at ${elsewhere.publicUrl}` });
    expect(await go.getAttribute('href')).toBe(`${elsewhere.publicUrl}/settings/integrations`);
    expect(await card.getByRole('button', { name: 'Connect' }).count()).toBe(0);
    await screenshot(page, 'frameio-32-connect-elsewhere');
    expect(connects).toEqual([]);
    expect(errors).toEqual([]);
  });
});

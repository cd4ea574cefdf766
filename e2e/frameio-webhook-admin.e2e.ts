import { SEED_IDS } from '@preroll/frameio-sandbox';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './helpers/browser.ts';
import { connectOverApi, type FrameioWebApp, startFrameioWebApp } from './helpers/frameio-app.ts';
import { logInAs } from './helpers/login.ts';
import { newPage } from './helpers/page-helpers.ts';
import { seedProducer } from './helpers/seed.ts';

/**
 * Connected as a Frame.io member (the sandbox's control API demotes Alex), the Settings card says
 * plainly that a Frame.io account admin has to connect, with the code; Re-create shows the refusal.
 */
describe('Frame.io card: webhooks need an account admin', () => {
  let fx: FrameioWebApp;
  let browser: Browser;

  beforeAll(async () => {
    fx = await startFrameioWebApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  it('the card shows why the webhook is missing and what an admin does about it', {
    timeout: 60_000,
  }, async () => {
    const owner = await seedProducer(fx.app, 'Mo Member');
    fx.sandbox.control.setAccountRole(SEED_IDS.alexId, 'member');
    await connectOverApi(fx, owner.api, {
      userId: SEED_IDS.alexId,
      accountId: SEED_IDS.accountId,
      workspaceId: SEED_IDS.workspaceId,
    });
    const { page, errors } = await newPage(browser);
    await logInAs(page, fx.app.url, owner.email);
    await page.goto(`${fx.app.url}/settings/integrations`);
    const card = page.getByRole('article', { name: 'Frame.io' });
    const notice = card.getByRole('alert', { name: 'Frame.io webhook problem' });
    await notice.waitFor();
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain(
      'Frame.io lets only account admins create webhooks, and Alex Producer is not an admin',
    );
    expect(text).toContain('A Frame.io account admin has to connect Frame.io here');
    expect(text).toContain('frameio_webhook_needs_admin');
    await card.getByTestId('frameio-webhook').filter({ hasText: 'missing' }).waitFor();
    await card.getByRole('button', { name: 'Re-create webhook' }).click();
    await card
      .getByRole('group', { name: 'Frame.io webhook' })
      .getByRole('alert')
      .filter({ hasText: 'account admin' })
      .waitFor();
    await screenshot(page, 'frameio-22-webhook-needs-admin');

    // Made an account admin in Frame.io: Re-create works and the notice goes.
    fx.sandbox.control.setAccountRole(SEED_IDS.alexId, 'owner');
    await card.getByRole('button', { name: 'Re-create webhook' }).click();
    await card.getByTestId('frameio-webhook').filter({ hasText: 'active' }).waitFor();
    await notice.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });
});

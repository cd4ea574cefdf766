import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../apps/server/test/helpers/test-app.ts';
import {
  refusalWith,
  verifyWith,
  WebhookReceiver,
} from '../apps/server/test/integration/webhooks-fixtures.ts';
import { launchBrowser, screenshot } from './helpers/browser.ts';
import { logInAs } from './helpers/login.ts';
import { newPage } from './helpers/page-helpers.ts';
import { PASSWORD, seedProducer } from './helpers/seed.ts';
import { startWebApp } from './helpers/web-app.ts';

/**
 * Settings → Webhooks in the browser: an admin adds an endpoint and copies its secret, sends a
 * test event that a receiver verifies with the standardwebhooks library using that secret, sees
 * the response codes in the delivery log, replays a failed delivery, rotates the secret and
 * disables the endpoint.
 */
describe('Settings → Webhooks', () => {
  let app: TestApp;
  let browser: Browser;
  let receiver: WebhookReceiver;
  let stopWorker: () => Promise<void>;

  beforeAll(async () => {
    app = await startWebApp({ PREROLL_WEBHOOKS_ALLOW_PRIVATE: '127.0.0.1' });
    stopWorker = app.preroll.startWorker();
    browser = await launchBrowser();
    receiver = await WebhookReceiver.start();
  });

  afterAll(async () => {
    await browser?.close();
    await stopWorker?.();
    await receiver?.close();
    await app?.close();
  });

  it('adds an endpoint, tests it, shows the codes, replays a failure, rotates the secret and disables it', async () => {
    const owner = await seedProducer(app, 'Wendy Webhooks');
    const { page, errors, dialogs } = await newPage(browser);
    await logInAs(page, app.url, owner.email);
    await page.goto(`${app.url}/settings/webhooks`);
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await page.getByText('No webhook endpoints.').waitFor();

    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByLabel('Endpoint URL').fill(receiver.url);
    await page.getByLabel('Description').fill('Team feed');
    await page.getByRole('checkbox', { name: /deliverable\.status_changed/ }).check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.getByLabel('Signing secret', { exact: true }).textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    const panel = page.getByRole('article', { name: 'Webhook endpoint Team feed' });
    await panel.getByText('Standard Webhooks').waitFor();
    expect(await panel.locator('code').first().textContent()).not.toContain('/hooks/preroll');
    await page.getByRole('button', { name: 'Done' }).click();

    await panel.getByRole('button', { name: 'Send test event' }).click();
    const [test] = await receiver.waitFor(1);
    expect(verifyWith(secret, test!)).toMatchObject({ type: 'webhook.test' });
    const log = panel.getByRole('region', { name: 'Delivery log' });
    await log.getByText('delivered').waitFor();
    await log
      .getByRole('group')
      .first()
      .waitFor()
      .catch(() => undefined);
    expect(await log.locator('summary').first().textContent()).toBe('200');
    await screenshot(page, '40-webhooks-delivered');

    // A failing answer: the test event is not retried; Replay sends the same message again.
    receiver.answer = () => 500;
    await panel.getByRole('button', { name: 'Send test event' }).click();
    await receiver.waitFor(2);
    await log.getByText('failed').waitFor();
    expect(await log.locator('summary').first().textContent()).toBe('500');
    receiver.answer = () => 200;
    await log.getByRole('button', { name: 'Replay webhook.test' }).first().click();
    const [, failed, replayed] = await receiver.waitFor(3);
    expect(replayed!.headers['webhook-id']).toBe(failed!.headers['webhook-id']);
    await log.locator('summary', { hasText: '500, 200' }).waitFor();

    await panel.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = (await page.getByLabel('Signing secret', { exact: true }).textContent())!.trim();
    expect(rotated).not.toBe(secret);
    await panel.getByText(/The previous secret also signs until/).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await panel.getByRole('button', { name: 'Send test event' }).click();
    const [, , , afterRotation] = await receiver.waitFor(4);
    expect(verifyWith(rotated, afterRotation!).type).toBe('webhook.test');
    expect(refusalWith(secret, afterRotation!)).toBeNull();

    await panel.getByRole('button', { name: 'Disable' }).click();
    await panel.getByText('Disabled: Turned off by an admin.', { exact: false }).waitFor();
    await panel.getByRole('button', { name: 'Enable' }).waitFor();
    await screenshot(page, '41-webhooks-disabled');
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it('is not offered to members, and the API refuses them', async () => {
    const owner = await seedProducer(app, 'Olga Owner');
    const invite = await owner.api.post('/api/v1/invitations', {
      email: `m-${Date.now()}@example.test`,
      role: 'member',
    });
    expect(invite.status).toBe(201);
    const memberEmail = invite.body.data.email as string;
    const mail = await app.preroll.store.mail.listTo(memberEmail, 1);
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail[0]!.body_text)![1]!;
    const member = app.client();
    expect(
      (
        await member.post('/api/v1/invitations/accept', {
          token,
          name: 'Mo Member',
          password: PASSWORD,
        })
      ).status,
    ).toBe(200);
    const { page } = await newPage(browser);
    await logInAs(page, app.url, memberEmail);
    await page.goto(`${app.url}/settings/profile`);
    await page
      .getByRole('navigation', { name: 'Settings' })
      .getByRole('link', { name: 'API keys' })
      .waitFor();
    expect(
      await page
        .getByRole('navigation', { name: 'Settings' })
        .getByRole('link', { name: 'Webhooks' })
        .count(),
    ).toBe(0);
    expect((await member.get('/api/v1/webhook-endpoints')).status).toBe(403);
  });
});

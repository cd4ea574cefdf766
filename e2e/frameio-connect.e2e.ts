import { randomUUID } from 'node:crypto';
import { SEED_IDS } from '@preroll/frameio-sandbox';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './helpers/browser.ts';
import { connectOverApi, type FrameioWebApp, startFrameioWebApp } from './helpers/frameio-app.ts';
import { logInAs } from './helpers/login.ts';
import { newPage } from './helpers/page-helpers.ts';
import { expectOk, PASSWORD, seedProducer } from './helpers/seed.ts';

/**
 * The Frame.io connection in a browser: Settings → Integrations → Frame.io against the in-process
 * sandbox (its IMS consent page stands in for Adobe's), the server in "sandbox" mode with its exact
 * redirect URI registered for the preroll-local client.
 */
describe('Frame.io connect (Settings → Integrations)', () => {
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

  async function openIntegrations(page: Page) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page
      .getByRole('navigation', { name: 'Settings' })
      .getByRole('link', { name: 'Integrations' })
      .click();
    const card = page.getByRole('article', { name: 'Frame.io' });
    await card.getByTestId('frameio-status').waitFor();
    return card;
  }

  const statusOf = (card: ReturnType<Page['getByRole']>) => card.getByTestId('frameio-status').textContent();

  it('an owner connects through the consent page, picks the workspace, checks, and disconnects', async () => {
    const { context, page, dialogs, errors } = await newPage(browser);
    const url = fx.app.url;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
    await page.goto(`${url}/signup`);
    await page.getByLabel('Your name').fill('Olive Owner');
    await page.getByLabel('Email').fill(`olive-${Date.now()}@example.test`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Organization name').fill('Frame Studio');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();

    const card = await openIntegrations(page);
    expect(await card.getByTestId('frameio-mode').textContent()).toBe('Local sandbox');
    expect(await statusOf(card)).toBe('Not connected');
    expect(await card.getByTestId('frameio-redirect-uri').textContent()).toBe(fx.redirectUri);
    // The redirect URI an admin pastes into the Adobe Developer Console, copied exactly.
    await card.getByRole('button', { name: 'Copy redirect URI' }).click();
    await card.getByRole('button', { name: 'Copy redirect URI' }).getByText('Copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(fx.redirectUri);
    expect(await card.getByRole('button', { name: 'Check connection' }).count()).toBe(0);

    // Connect → the sandbox's IMS consent page (another origin) → continue as Alex.
    await card.getByRole('button', { name: 'Connect' }).click();
    await page.waitForURL((u) => u.href.startsWith(`${fx.sandbox.url}/ims/authorize`));
    await page.getByRole('button', { name: /Continue as Alex Producer/ }).click();

    // Back on the card: pending, with the picker open and the URL cleaned.
    await page.waitForURL((u) => u.pathname === '/settings/integrations');
    const picker = page.getByRole('form', { name: 'Pick a Frame.io workspace' });
    await picker.waitFor();
    expect(await statusOf(card)).toBe('Pending: pick a workspace');
    await page.waitForURL((u) => !u.search.includes('frameio='));
    await picker.getByLabel('Frame.io account').selectOption(SEED_IDS.accountId);
    await picker.getByLabel('Frame.io workspace').selectOption(SEED_IDS.workspaceId);
    await picker.getByRole('button', { name: 'Use this workspace' }).click();
    await card.getByTestId('frameio-status').getByText('Connected', { exact: true }).waitFor();
    await picker.waitFor({ state: 'detached' });
    expect(await card.getByTestId('frameio-user').textContent()).toContain('Alex Producer');
    expect(await card.getByTestId('frameio-account').textContent()).toBe('Sandbox Studio');
    expect(await card.getByTestId('frameio-workspace').textContent()).toBe('Sandbox Workspace');
    expect(await card.getByText('Olive Owner').count()).toBeGreaterThan(0);

    // Two-way comment sync health: picking the workspace registered the webhook; the deliveries table lists
    // what Frame.io sent (one failed delivery seeded here), with Replay on the failed one.
    const sync = card.getByRole('region', { name: 'Frame.io sync' });
    await sync.getByTestId('frameio-webhook').getByText('active', { exact: true }).waitFor();
    await sync.getByRole('button', { name: 'Re-create webhook' }).waitFor();
    const orgId = await page.evaluate(() =>
      fetch('/api/v1/me')
        .then((r) => r.json())
        .then((b: { data: { active_organization: { id: string } } }) => b.data.active_organization.id),
    );
    const deliveryId = randomUUID();
    await fx.app.preroll.db
      .insertInto('webhook_deliveries')
      .values({
        id: deliveryId,
        org_id: orgId,
        received_at: new Date().toISOString(),
        event_type: 'comment.created',
        resource_type: 'comment',
        resource_id: randomUUID(),
        payload_json: '{}',
        signature_ok: 1,
        dedupe_key: `e2e:${deliveryId}`,
        status: 'failed',
        error: 'Frame.io answered 503',
        attempts: 3,
        processed_at: new Date().toISOString(),
      })
      .execute();
    await sync.getByRole('button', { name: 'Refresh' }).click();
    const deliveries = sync.getByRole('table', { name: 'Recent Frame.io deliveries' });
    await deliveries.getByText('Frame.io answered 503').waitFor();
    expect(await deliveries.getByRole('columnheader').allTextContents()).toEqual([
      'Time',
      'Event',
      'Signature',
      'Processing',
      'Error',
      'Attempts',
      'Actions',
    ]);
    await sync
      .getByRole('form', { name: 'Frame.io status mapping' })
      .getByLabel('Approved', { exact: true })
      .waitFor();
    expect(await sync.getByLabel('Approved', { exact: true }).inputValue()).toBe('Approved');
    await screenshot(page, 'frameio-20-sync-health');
    const replayed = page.waitForResponse((r) => r.url().endsWith(`/deliveries/${deliveryId}/replay`));
    await deliveries.getByRole('button', { name: /^Replay comment\.created delivery/ }).click();
    expect((await replayed).status()).toBe(200);

    // Mirror automatically: off by default, admins switch it on.
    const autoMirror = card.getByLabel('Mirror automatically');
    expect(await autoMirror.isChecked()).toBe(false);
    await autoMirror.check();
    await card.getByText('A new deliverable creates its show’s project').waitFor();
    const settings = await page.evaluate(() =>
      fetch('/api/v1/integrations/frameio/settings').then((r) => r.json()),
    );
    expect(settings).toEqual({ data: { auto_mirror: true, sync_internal_comments: false } });

    // Check connection: every check green.
    await card.getByRole('button', { name: 'Check connection' }).click();
    const checks = card.getByRole('region', { name: 'Connection check' });
    await checks.getByText('Everything works').waitFor({ timeout: 20_000 });
    const outcomes = await checks
      .locator('[data-check]')
      .evaluateAll((rows) =>
        rows.map((r) => `${r.getAttribute('data-check')}:${r.getAttribute('data-outcome')}`),
      );
    expect(outcomes).toEqual(['token:ok', 'account:ok', 'workspace:ok', 'write_access:ok']);
    await screenshot(page, 'frameio-01-connected-checked');

    // Disconnect asks inline first.
    await card.getByRole('button', { name: 'Disconnect' }).click();
    await card.getByRole('button', { name: 'Confirm disconnect' }).click();
    await card.getByTestId('frameio-status').getByText('Not connected').waitFor();
    await card.getByRole('status', { name: 'Disconnect result' }).waitFor();
    expect(await card.getByRole('button', { name: 'Connect' }).isVisible()).toBe(true);
    await screenshot(page, 'frameio-02-disconnected');

    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a denied consent comes back to the card with a clear error, then leaves the URL', async () => {
    const owner = await seedProducer(fx.app, 'Dana Denier');
    const { page, errors } = await newPage(browser);
    await logInAs(page, fx.app.url, owner.email);
    const card = await openIntegrations(page);
    await card.getByRole('button', { name: 'Connect' }).click();
    await page.waitForURL((u) => u.href.startsWith(`${fx.sandbox.url}/ims/authorize`));
    await page.getByRole('button', { name: 'Deny' }).click();
    const alert = card.getByRole('alert', { name: 'Frame.io connection error' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('access_denied');
    expect(await alert.textContent()).toMatch(/Frame\.io was not connected\./);
    await page.waitForURL((u) => u.pathname === '/settings/integrations' && u.search === '');
    expect(await statusOf(card)).toBe('Not connected');
    await screenshot(page, 'frameio-03-denied');
    expect(errors).toEqual([]);
  });

  it('a member sees the connection but no buttons; an admin sees the needs-reconnect banner and reconnects', async () => {
    const owner = await seedProducer(fx.app, 'Owen Owner');
    await connectOverApi(fx, owner.api, {
      userId: SEED_IDS.alexId,
      accountId: SEED_IDS.accountId,
      workspaceId: SEED_IDS.workspaceId,
    });
    const memberEmail = `mia-${Date.now()}@example.test`;
    await expectOk(owner.api.post('/api/v1/invitations', { email: memberEmail, role: 'member' }));
    const mails = await expectOk<{ to_address: string; body_text: string }[]>(
      owner.api.get('/api/v1/dev/outbox'),
    );
    const token = mails
      .find((m) => m.to_address === memberEmail)
      ?.body_text.match(/\/invite\/([A-Za-z0-9_-]+)/)?.[1];
    const member = fx.app.client();
    await expectOk(
      member.post('/api/v1/invitations/accept', { token, name: 'Mia Member', password: PASSWORD }),
    );

    const { page, errors } = await newPage(browser);
    await logInAs(page, fx.app.url, memberEmail);
    const card = await openIntegrations(page);
    expect(await statusOf(card)).toBe('Connected');
    expect(await card.getByTestId('frameio-workspace').textContent()).toBe('Sandbox Workspace');
    expect(await card.getByRole('button').count()).toBe(0);
    expect(await card.getByLabel('Mirror automatically').isDisabled()).toBe(true);
    expect(await card.getByTestId('frameio-redirect-uri').count()).toBe(0);
    await card.getByText('Only owners and admins can connect or change Frame.io.').waitFor();
    await screenshot(page, 'frameio-04-member-view');

    // The banner is for admins only; a member never sees it.
    expect(await page.getByRole('alert', { name: 'Frame.io needs a reconnect' }).count()).toBe(0);

    // IMS refused the refresh token (server specs cover how that happens): the row says so.
    const me = await expectOk<{ active_organization: { id: string } }>(owner.api.get('/api/v1/me'));
    await fx.app.preroll.db
      .updateTable('frameio_connections')
      .set({
        status: 'needs_reconnect',
        // Exactly what the token refresher records (connection/token-refresher.ts).
        last_error: 'Adobe IMS refused the refresh token (invalid_grant: Invalid refresh token)',
      })
      .where('org_id', '=', me.active_organization.id)
      .execute();

    const admin = await newPage(browser);
    await logInAs(admin.page, fx.app.url, owner.email);
    const banner = admin.page.getByRole('alert', { name: 'Frame.io needs a reconnect' });
    await banner.waitFor();
    // Each sentence once, each one ended.
    expect((await banner.textContent())?.replace(/\s+/g, ' ').trim()).toMatch(
      /^Frame\.io needs a reconnect\. Adobe IMS refused the refresh token \(invalid_grant: Invalid refresh token\)\. (Frame\.io work waits until then\.|\d+ Frame\.io jobs? (is|are) waiting and will resume after reconnecting\.) Reconnect Frame\.io$/,
    );
    await screenshot(admin.page, 'frameio-05-needs-reconnect-banner');
    await banner.getByRole('link', { name: 'Reconnect Frame.io' }).click();
    const adminCard = admin.page.getByRole('article', { name: 'Frame.io' });
    await adminCard.getByTestId('frameio-status').getByText('Needs reconnect').waitFor();
    // On the card the banner would only repeat what the card says next to its Reconnect button.
    expect(await banner.count()).toBe(0);
    const pageText = (await admin.page.locator('body').textContent()) ?? '';
    expect(pageText.split('refused the refresh token').length - 1).toBe(1);
    await adminCard.getByRole('button', { name: 'Reconnect' }).waitFor();
    expect(await adminCard.getByTestId('frameio-last-error').textContent()).toContain('invalid_grant');

    // Reconnecting as the same Frame.io user keeps the account and workspace: active again at once.
    await adminCard.getByRole('button', { name: 'Reconnect' }).click();
    await admin.page.waitForURL((u) => u.href.startsWith(`${fx.sandbox.url}/ims/authorize`));
    await admin.page.getByRole('button', { name: /Continue as Alex Producer/ }).click();
    await admin.page.waitForURL((u) => u.pathname === '/settings/integrations');
    await adminCard.getByTestId('frameio-status').getByText('Connected', { exact: true }).waitFor();
    await adminCard.getByText('Reconnected to Frame.io. The account and workspace were kept').waitFor();
    expect(await adminCard.getByTestId('frameio-workspace').textContent()).toBe('Sandbox Workspace');
    expect(await admin.page.getByRole('form', { name: 'Pick a Frame.io workspace' }).count()).toBe(0);
    expect(await admin.page.getByRole('alert', { name: 'Frame.io needs a reconnect' }).count()).toBe(0);
    await screenshot(admin.page, 'frameio-06-reconnected');
    expect(errors).toEqual([]);
    expect(admin.errors).toEqual([]);
  });
});

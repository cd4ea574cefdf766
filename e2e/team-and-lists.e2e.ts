import { describe, expect, it } from 'vitest';
import { screenshot } from './helpers/browser.ts';
import { logInAs } from './helpers/login.ts';
import { newPage } from './helpers/page-helpers.ts';
import { expectOk, PASSWORD, seedProducer } from './helpers/seed.ts';
import { useWebAppAndBrowser } from './helpers/web-app-harness.ts';

describe('team, organizations and long lists', () => {
  const shared = useWebAppAndBrowser();

  it('lists hundreds of clients a page at a time, one request per page', async () => {
    const producer = await seedProducer(shared.app);
    for (let i = 0; i < 120; i += 1) {
      await expectOk(producer.api.post('/api/v1/clients', { name: `Client ${String(i).padStart(3, '0')}` }));
    }
    const { page } = await newPage(shared.browser);
    await logInAs(page, shared.app.url, producer.email);
    const apiCalls: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/v1/') && u.pathname !== '/api/v1/events') apiCalls.push(u.pathname);
    });
    await page.reload();
    const rows = page.locator('table tbody tr');
    await page.getByRole('link', { name: 'Client 000' }).waitFor();
    expect(await rows.count()).toBe(50);
    await page.getByRole('button', { name: 'Load more clients' }).click();
    await page.getByRole('link', { name: 'Client 099' }).waitFor();
    await page.getByRole('button', { name: 'Load more clients' }).click();
    await page.getByRole('link', { name: 'Client 119' }).waitFor();
    expect(await rows.count()).toBe(120);
    expect(await page.getByRole('button', { name: 'Load more clients' }).count()).toBe(0);
    // The app shell's once-per-page reads (/me, the Frame.io card behind the needs-reconnect
    // banner, the bell's unread count), then exactly one request per page of 50: no request per row.
    const shell = new Set([
      '/api/v1/me',
      '/api/v1/integrations/frameio',
      '/api/v1/notifications/unread-count',
    ]);
    expect(apiCalls.filter((p) => p === '/api/v1/clients')).toHaveLength(3);
    expect(apiCalls.filter((p) => p !== '/api/v1/clients' && !shell.has(p))).toEqual([]);
    expect(apiCalls.filter((p) => p === '/api/v1/integrations/frameio').length).toBeLessThanOrEqual(1);
    await screenshot(page, '17-clients-list');
  });

  it('invites a teammate who accepts, changes their role, removes them; switches organizations', async () => {
    const owner = await seedProducer(shared.app, 'Olive Owner');
    await expectOk(owner.api.post('/api/v1/clients', { name: 'Only In First Org' }));
    const { page } = await newPage(shared.browser);
    await logInAs(page, shared.app.url, owner.email);

    await page.getByRole('link', { name: 'Team' }).click();
    const invite = page.getByRole('region', { name: 'Invite someone' });
    const email = `ed-${Date.now()}@example.test`;
    await invite.getByLabel('Email').fill('not-an-email');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await invite.locator('.field--invalid').getByRole('alert').waitFor();
    await invite.getByLabel('Email').fill(email);
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(email).waitFor();

    // The invitee follows the link from the dev outbox.
    const mails = await expectOk<{ to_address: string; body_text: string }[]>(
      owner.api.get('/api/v1/dev/outbox'),
    );
    const token = mails
      .find((m) => m.to_address === email)
      ?.body_text.match(/\/invite\/([A-Za-z0-9_-]+)/)?.[1];
    expect(token).toBeTruthy();
    const invitee = await newPage(shared.browser);
    await invitee.page.goto(`${shared.app.url}/invite/${token}`);
    await invitee.page.getByLabel('Your name').fill('Ed Editor');
    await invitee.page.getByLabel('Password').fill(PASSWORD);
    await invitee.page.getByRole('button', { name: 'Accept invitation' }).click();
    await invitee.page.getByRole('heading', { name: 'Clients' }).waitFor();
    await invitee.page.getByRole('link', { name: 'Only In First Org' }).waitFor();

    // Someone who already has an account logs in first, then accepts with that account.
    const existing = await seedProducer(shared.app, 'Ines Existing');
    await expectOk(owner.api.post('/api/v1/invitations', { email: existing.email, role: 'member' }));
    const mails2 = await expectOk<{ to_address: string; body_text: string }[]>(
      owner.api.get('/api/v1/dev/outbox'),
    );
    const token2 = mails2
      .find((m) => m.to_address === existing.email)
      ?.body_text.match(/\/invite\/([A-Za-z0-9_-]+)/)?.[1];
    const ines = await newPage(shared.browser);
    await ines.page.goto(`${shared.app.url}/invite/${token2}`);
    await ines.page.getByRole('link', { name: 'Log in first' }).click();
    await ines.page.getByLabel('Email').fill(existing.email);
    await ines.page.getByLabel('Password').fill(PASSWORD);
    await ines.page.getByRole('button', { name: 'Log in' }).click();
    await ines.page.getByText(`You are logged in as ${existing.email}`).waitFor();
    await ines.page.getByRole('button', { name: 'Accept invitation' }).click();
    await ines.page.getByRole('link', { name: 'Only In First Org' }).waitFor();
    expect(await ines.page.getByLabel('Organization', { exact: true }).locator('option').count()).toBe(2);

    await page.reload();
    const role = page.getByLabel('Role for Ed Editor');
    await role.selectOption('admin');
    await page.waitForFunction(() => {
      const s = document.querySelector<HTMLSelectElement>('select[aria-label="Role for Ed Editor"]');
      return s?.value === 'admin' && !s.disabled;
    });
    await page.reload();
    expect(await page.getByLabel('Role for Ed Editor').inputValue()).toBe('admin');
    await screenshot(page, '18-team-with-member');
    await page.getByRole('button', { name: 'Remove Ed Editor' }).click();
    await page.getByRole('button', { name: 'Confirm: Remove Ed Editor' }).click();
    await page.getByLabel('Role for Ed Editor').waitFor({ state: 'detached' });

    // A second organization, then switch between them with the switcher.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page
      .getByRole('region', { name: 'Organizations' })
      .getByLabel('Organization name')
      .fill('Second Studio');
    await page.getByRole('button', { name: 'Create organization' }).click();
    // The new organization becomes the active one.
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    await page.getByText('No clients yet.').waitFor();
    const switcher = page.getByLabel('Organization', { exact: true });
    expect(await switcher.locator('option').count()).toBe(2);
    const second = await switcher.inputValue();
    const first = await switcher.locator('option:not(:checked)').getAttribute('value');
    await switcher.selectOption(first!);
    await page.getByRole('link', { name: 'Only In First Org' }).waitFor();
    await switcher.selectOption(second);
    await page.getByText('No clients yet.').waitFor();
    expect(await page.getByRole('link', { name: 'Only In First Org' }).count()).toBe(0);

    // The session ends under the page: the next request's 401 sends the person to the login form.
    await page.context().clearCookies();
    await page.getByRole('link', { name: 'Team' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/team');
  });
});

import { describe, expect, it } from 'vitest';
import { logInAs } from './helpers/login.ts';
import { newPage } from './helpers/page-helpers.ts';
import { seedProducer, seedTree } from './helpers/seed.ts';
import { useWebAppAndBrowser } from './helpers/web-app-harness.ts';

/**
 * The SPA works under the server's Content-Security-Policy: studio and portal pages load without
 * a single violation (every other spec asserts the same through newPage's `errors`), and the
 * policy really is enforced: an injected inline script is refused and reported.
 */
describe('content security policy in the browser', () => {
  const shared = useWebAppAndBrowser();

  it('studio pages, settings and the portal login page raise no CSP violation', async () => {
    const producer = await seedProducer(shared.app, 'Casey CSP');
    const tree = await seedTree(producer.api);
    const { page, errors } = await newPage(shared.browser);
    const response = await page.goto(`${shared.app.url}/login`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await logInAs(page, shared.app.url, producer.email);
    await page.goto(`${shared.app.url}/clients/${tree.client.id}`);
    await page.getByRole('heading', { name: 'Acme Podcasts' }).waitFor();
    await page.goto(`${shared.app.url}/episodes/${tree.episode.id}`);
    await page.getByRole('heading', { name: 'Pilot' }).first().waitFor();
    await page.goto(`${shared.app.url}/settings/integrations`);
    await page.getByText('Frame.io').first().waitFor();
    await page.goto(`${shared.app.url}/portal/login?token=not-a-real-token`);
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
  });

  it('an injected inline script is refused and reported (the check above can fail)', async () => {
    const { page, errors } = await newPage(shared.browser);
    await page.goto(`${shared.app.url}/login`);
    await page.getByLabel('Email').waitFor();
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
    });
    await expect.poll(() => errors.join('\n')).toContain('CSP violation: script-src');
    expect(
      await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected),
    ).toBeUndefined();
  });

  it('sign-up with a whitespace-only password shows the reason next to the password field', async () => {
    const { page, errors } = await newPage(shared.browser);
    await page.goto(`${shared.app.url}/signup`);
    await page.getByLabel('Your name').fill('Sam Spaces');
    await page.getByLabel('Email').fill(`spaces-${Date.now()}@example.test`);
    await page.getByLabel('Password').fill('            ');
    await page.getByLabel('Organization name').fill('Blank Studio');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByText('must contain something other than spaces').waitFor();
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    expect(errors).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { logInAs } from './helpers/login.ts';
import { newPage } from './helpers/page-helpers.ts';
import { seedProducer } from './helpers/seed.ts';
import { useWebAppAndBrowser } from './helpers/web-app-harness.ts';

/**
 * The server ends a live-update stream when its session ends. The browser's EventSource then
 * reconnects once (after the server's retry hint), gets 401 and stops; the SPA treats that like
 * any 401 and shows the login page, without hammering /api/v1/events.
 */
describe('live updates after the session ends elsewhere', () => {
  const shared = useWebAppAndBrowser();

  it('a logout in another tab ends the stream; the page goes to the login screen and stops reconnecting', async () => {
    const producer = await seedProducer(shared.app);
    const { context, page, errors } = await newPage(shared.browser);
    const streamRequests: number[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/events') streamRequests.push(Date.now());
    });
    await logInAs(page, shared.app.url, producer.email);
    await expect.poll(() => streamRequests.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);

    // "Another tab": the same browser session, logged out over the API.
    const cookies = await context.cookies(shared.app.url);
    const otherTab = shared.app.client();
    for (const name of ['preroll_session', 'preroll_csrf']) {
      otherTab.setCookie(name, cookies.find((c) => c.name === name)!.value);
    }
    const opened = streamRequests.length;
    expect((await otherTab.post('/api/v1/auth/logout')).status).toBe(204);

    await page.waitForURL(/\/login/, { timeout: 15_000 });
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    // One reconnect attempt at most, then nothing more for a while.
    const afterLogin = streamRequests.length;
    expect(afterLogin - opened).toBeLessThanOrEqual(1);
    await page.waitForTimeout(4_000);
    expect(streamRequests.length).toBe(afterLogin);
    expect(errors).toEqual([]);
  });
});

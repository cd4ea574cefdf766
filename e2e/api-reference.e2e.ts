import { describe, expect, it } from 'vitest';
import { newPage } from './helpers/page-helpers.ts';
import { useWebAppAndBrowser } from './helpers/web-app-harness.ts';

/**
 * The API reference page (`/api/v1/reference`) renders the OpenAPI document in a browser, served by
 * preroll itself under its Content-Security-Policy, with no violation and nothing from a CDN.
 */
describe('API reference page', () => {
  const shared = useWebAppAndBrowser();

  it('lists every operation of the document with its curl example, raises no CSP violation and loads nothing from elsewhere', async () => {
    const { page, errors } = await newPage(shared.browser);
    const origins = new Set<string>();
    page.on('request', (r) => origins.add(new URL(r.url()).origin));
    const response = await page.goto(`${shared.app.url}/api/v1/reference`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('heading', { name: 'Shows', exact: true, level: 2 }).waitFor();
    const document = (await (await fetch(`${shared.app.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.values(document.paths).reduce(
      (n, methods) => n + Object.keys(methods).length,
      0,
    );
    expect(await page.locator('section.operation').count()).toBe(operations);
    const getShow = page.locator('section#getShow');
    await expect.poll(() => getShow.textContent()).toContain('/api/v1/shows/{id}');
    expect(await getShow.locator('pre').textContent()).toContain('Authorization: Bearer pr_');
    await page.getByLabel('Filter operations').fill('webhook-endpoints');
    await expect.poll(() => page.locator('section.operation:visible').count()).toBeLessThan(operations);
    expect(await page.locator('section#getShow').isVisible()).toBe(false);
    expect([...origins]).toEqual([new URL(shared.app.url).origin]);
    expect(errors).toEqual([]);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST_DIR } from '../apps/server/src/http/routes/web-app.routes.ts';
import type { TestApp } from '../apps/server/test/helpers/test-app.ts';
import { startWebApp } from './helpers/web-app.ts';

/** How the server hands out the SPA: over plain HTTP, no browser needed. */
describe('serving the web app', () => {
  let app: TestApp;
  const html = { accept: 'text/html,application/xhtml+xml' };

  beforeAll(async () => {
    app = await startWebApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  const get = (p: string, headers: Record<string, string> = {}) => fetch(`${app.url}${p}`, { headers });

  it('answers client-side routes with index.html, uncached', async () => {
    for (const p of [
      '/login',
      '/clients',
      '/episodes/0193a0e0-0000-7000-8000-000000000000',
      '/portal/login?token=abc',
    ]) {
      const res = await get(p, html);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<div id="root"></div>');
    }
  });

  it('serves hashed assets as immutable, with the right type', async () => {
    const index = await (await get('/login', html)).text();
    const script = index.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeTruthy();
    const res = await get(script!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const head = await fetch(`${app.url}${script}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('never answers the API or the health check with the SPA', async () => {
    const api = await get('/api/v1/does-not-exist', html);
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe('route_not_found');
    const health = await get('/healthz', html);
    expect(health.headers.get('content-type')).toMatch(/json/);
  });

  it('gives a 404, not HTML, for a missing file or a non-HTML request', async () => {
    expect((await get('/assets/missing-123.js', { accept: '*/*' })).status).toBe(404);
    expect((await get('/clients', { accept: 'application/json' })).status).toBe(404);
  });

  it('does not serve files outside dist', async () => {
    expect(fs.existsSync(path.join(WEB_DIST_DIR, '..', 'package.json'))).toBe(true);
    for (const p of ['/..%2fpackage.json', '/assets/..%2f..%2fpackage.json', '/%2e%2e/package.json']) {
      const res = await get(p, html);
      const body = await res.text();
      expect(body, p).not.toContain('"@preroll/web"');
    }
  });
});

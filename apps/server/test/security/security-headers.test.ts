import { type Sandbox, startSandbox } from '@preroll/frameio-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../helpers/factories.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Every response carries the browser's security headers: a CSP the SPA works under (its own
 * origin only), no framing (clickjacking), no Referer (a magic-link URL holds its token), and
 * HSTS when preroll is served over https. e2e/ proves the SPA raises no CSP violation under it.
 */
let plain: TestApp;
let tls: TestApp;
let sandbox: Sandbox;
beforeAll(async () => {
  plain = await startTestApp();
  tls = await startTestApp({ PUBLIC_URL: 'https://preroll.example.test' });
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await plain?.close();
  await tls?.close();
  await sandbox?.close();
});

function directives(csp: string | null): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of (csp ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values.join(' '));
  }
  return map;
}

/** Responses of every kind the server gives: the SPA, JSON, errors, SSE and tus (both hijacked). */
async function responsesOf(app: TestApp): Promise<Array<[string, Response]>> {
  const owner = await signUp(app);
  const key = await createApiKey(owner.client);
  const auth = { authorization: `Bearer ${key}` };
  const events = new AbortController();
  const sse = await fetch(`${app.url}/api/v1/events`, { headers: auth, signal: events.signal });
  events.abort();
  return [
    ['SPA page', await fetch(`${app.url}/portal/login?token=x`, { headers: { accept: 'text/html' } })],
    ['JSON', await fetch(`${app.url}/api/v1/members`, { headers: auth })],
    ['401', await fetch(`${app.url}/api/v1/me`)],
    ['404', await fetch(`${app.url}/api/v1/nothing-here`)],
    ['health', await fetch(`${app.url}/healthz`)],
    ['SSE', sse],
    [
      'tus',
      await fetch(`${app.url}/api/v1/uploads`, {
        method: 'POST',
        headers: { ...auth, 'tus-resumable': '1.0.0' },
      }),
    ],
  ];
}

describe('security headers over http (PUBLIC_URL http://…)', () => {
  it('every kind of response has a CSP allowing only this origin, with no framing and no inline script', async () => {
    for (const [what, res] of await responsesOf(plain)) {
      const csp = directives(res.headers.get('content-security-policy'));
      expect(csp.get('default-src'), what).toBe("'self'");
      expect(csp.get('script-src'), what).toBe("'self'");
      expect(csp.get('style-src'), what).toBe("'self'");
      expect(csp.get('media-src'), what).toBe("'self'");
      expect(csp.get('connect-src'), what).toBe("'self'");
      expect(csp.get('object-src'), what).toBe("'none'");
      expect(csp.get('frame-ancestors'), what).toBe("'none'");
      expect(csp.get('base-uri'), what).toBe("'self'");
      expect(csp.has('upgrade-insecure-requests'), what).toBe(false);
    }
  });

  it('clickjacking: X-Frame-Options DENY; referrer: no-referrer; MIME sniffing off; no HSTS on plain http', async () => {
    for (const [what, res] of await responsesOf(plain)) {
      expect(res.headers.get('x-frame-options'), what).toBe('DENY');
      expect(res.headers.get('referrer-policy'), what).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(res.headers.get('strict-transport-security'), what).toBeNull();
    }
  });
});

describe('security headers when PUBLIC_URL is https', () => {
  it('HSTS for a year on this host only, and insecure subresources upgraded', async () => {
    for (const [what, res] of await responsesOf(tls)) {
      expect(res.headers.get('strict-transport-security'), what).toBe('max-age=31536000');
      expect(
        directives(res.headers.get('content-security-policy')).has('upgrade-insecure-requests'),
        what,
      ).toBe(true);
    }
  });
});

describe('the Frame.io sandbox is its own server', () => {
  it('its consent page and UI do not get preroll’s policy (the OAuth flow crosses origins by navigation only)', async () => {
    const ui = await fetch(`${sandbox.url}/`);
    await ui.arrayBuffer();
    expect(ui.headers.get('content-security-policy')).toBeNull();
    expect(ui.headers.get('x-frame-options')).toBeNull();
  });
});

import type { Browser, BrowserContext, Page } from 'playwright-core';

/** A fresh context (own cookies and localStorage) at the size the app is designed for. */
export async function newPage(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; dialogs: string[]; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  // Any alert/confirm would be a bug here (the app never opens one; an XSS would).
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await reportCspViolations(context, errors);
  page.setDefaultTimeout(15_000);
  return { context, page, dialogs, errors };
}

/**
 * The server's Content-Security-Policy (http/plugins/security-headers.ts) must never get in the
 * SPA's way: every page of the context reports each `securitypolicyviolation` into `errors`, which
 * the specs assert empty, so the whole e2e suite runs under the policy and fails on a violation.
 */
export async function reportCspViolations(context: BrowserContext, errors: string[]): Promise<void> {
  await context.exposeBinding('__prerollCspViolation', (_source, text: string) => {
    errors.push(`CSP violation: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __prerollCspViolation: (t: string) => void })
        .__prerollCspViolation;
      report(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} on ${location.pathname}`);
    });
  });
}

/** The frame the player shows, from the position readout's data-frame. */
export async function currentFrame(page: Page): Promise<number> {
  return Number(await page.getByTestId('current-position').getAttribute('data-frame'));
}

/** Waits until the player's readout shows `frame` and the <video> has finished seeking there. */
export async function waitForFrame(page: Page, frame: number): Promise<void> {
  await page.waitForFunction(
    (f) => {
      const out = document.querySelector('[data-testid="current-position"]');
      const video = document.querySelector('video');
      return out?.getAttribute('data-frame') === String(f) && video !== null && !video.seeking;
    },
    frame,
    { timeout: 10_000 },
  );
}

export async function waitForMedia(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const v = document.querySelector('video');
      return v !== null && v.readyState >= 2;
    },
    undefined,
    { timeout: 20_000 },
  );
}

export async function pressTimes(page: Page, key: string, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) await page.keyboard.press(key);
}

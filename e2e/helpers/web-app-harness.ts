import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { ComposeOptions } from '../../apps/server/src/server.ts';
import type { TestApp } from '../../apps/server/test/helpers/test-app.ts';
import { launchBrowser } from './browser.ts';
import { startWebApp } from './web-app.ts';

/** The server and the browser a describe block shares; set once its beforeAll has run. */
export interface WebAppAndBrowser {
  app: TestApp;
  browser: Browser;
}

/**
 * Starts the real server (startWebApp: built SPA, job worker) and a browser before the describe
 * block's tests and closes both after: call it at the top of the describe, read `.app` and
 * `.browser` inside the tests. `env` may be computed when the block starts (a free port).
 */
export function useWebAppAndBrowser(
  env: Record<string, string> | (() => Promise<Record<string, string>>) = {},
  opts: ComposeOptions = {},
): WebAppAndBrowser {
  const shared = {} as WebAppAndBrowser;
  beforeAll(async () => {
    shared.app = await startWebApp(typeof env === 'function' ? await env() : env, opts);
    shared.browser = await launchBrowser();
  });
  afterAll(async () => {
    await shared.browser?.close();
    await shared.app?.close();
  });
  return shared;
}

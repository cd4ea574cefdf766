import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { WEB_DIST_DIR } from '../../apps/server/src/http/routes/web-app.routes.ts';
import type { ComposeOptions } from '../../apps/server/src/server.ts';
import { startTestApp, type TestApp } from '../../apps/server/test/helpers/test-app.ts';

let built = false;

/** Builds apps/web once per run (vite, ~2 s) unless PREROLL_E2E_SKIP_BUILD=1 and dist exists. */
export function buildWebApp(): void {
  if (built) return;
  const skip =
    process.env.PREROLL_E2E_SKIP_BUILD === '1' && fs.existsSync(path.join(WEB_DIST_DIR, 'index.html'));
  // Vitest sets NODE_ENV=test, which would make vite bundle React's development build.
  if (!skip) {
    execFileSync('npm', ['run', 'build', '-w', '@preroll/web'], {
      stdio: 'inherit',
      cwd: path.resolve('.'),
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
  built = true;
}

/**
 * The real server (in-process, temp data dir, own database) serving the built SPA, with the job
 * worker running inside it as `npm start` does (uploads are analysed and transcoded by jobs).
 */
export async function startWebApp(
  env: Record<string, string> = {},
  opts: ComposeOptions = {},
): Promise<TestApp> {
  buildWebApp();
  const app = await startTestApp(env, opts);
  app.preroll.startWorker();
  return app;
}

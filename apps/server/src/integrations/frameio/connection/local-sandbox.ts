import path from 'node:path';
import { type Sandbox, startSandbox } from '@preroll/frameio-sandbox';
import type { Config } from '../../../config/config.ts';

/**
 * Without FRAMEIO_CLIENT_ID the app runs against the bundled Frame.io sandbox, so `npm start`
 * works offline. Its state persists next to the database so demo projects survive a restart.
 */
export async function startLocalFrameioSandbox(config: Config): Promise<Sandbox> {
  const sandbox = await startSandbox({
    port: config.frameio.sandboxPort,
    host: config.host,
    statePath: path.join(config.dataDir, 'frameio-sandbox.json'),
    dataDir: path.join(config.dataDir, 'frameio-sandbox'),
    rateLimitMode: 'realistic',
  });
  // The seeded client knows localhost:3000 and 127.0.0.1:3000; any other PUBLIC_URL/PORT must be
  // registered too, or the sandbox IMS refuses the authorize request (exact match, like IMS).
  try {
    sandbox.control.addRedirectUri(config.frameio.clientId, config.frameio.redirectUri);
  } catch (err) {
    process.stderr.write(
      `Frame.io sandbox: could not register redirect URI ${config.frameio.redirectUri}: ${(err as Error).message}\n`,
    );
  }
  return sandbox;
}

/**
 * The config as the running sandbox needs it: SANDBOX_PORT=0 (or a busy default) means the real
 * URL is only known after it started. FRAMEIO_API_URL, when set, wins.
 */
export function withSandboxUrls(config: Config, sandbox: Sandbox): Config {
  if (config.frameio.urlsFromEnv) return config;
  return { ...config, frameio: { ...config.frameio, apiUrl: sandbox.url, imsUrl: sandbox.imsUrl } };
}

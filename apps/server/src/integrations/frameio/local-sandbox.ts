import path from 'node:path';
import { type Sandbox, startSandbox } from '@preroll/frameio-sandbox';
import type { Config } from '../../config/config.ts';

/**
 * Without FRAMEIO_CLIENT_ID the app runs against the bundled Frame.io sandbox, so `npm start`
 * works offline. Its state persists next to the database so demo projects survive a restart.
 */
export async function startLocalFrameioSandbox(config: Config): Promise<Sandbox> {
  return startSandbox({
    port: config.frameio.sandboxPort,
    host: config.host,
    statePath: path.join(config.dataDir, 'frameio-sandbox.json'),
    dataDir: path.join(config.dataDir, 'frameio-sandbox'),
    rateLimitMode: 'realistic',
  });
}

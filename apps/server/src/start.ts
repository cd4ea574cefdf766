import type { Sandbox } from '@preroll/frameio-sandbox';
import type { Config } from './config/config.ts';
import {
  type FrameioDemoOutcome,
  startLocalFrameioSandbox,
  withSandboxUrls,
} from './integrations/frameio/index.ts';
import { systemClock } from './lib/clock.ts';
import { systemTimers } from './lib/timers.ts';
import { DemoMediaMaker } from './repositories/demo-media.ts';
import { type DemoStudio, seedDemo } from './seed/demo-seed.ts';
import { DemoWeek } from './seed/demo-week.ts';
import { type ComposeOptions, composePreroll, type Preroll } from './server.ts';
import { startBanner } from './start-banner.ts';

export interface RunningPreroll {
  preroll: Preroll;
  /** The bundled Frame.io sandbox, when no FRAMEIO_CLIENT_ID is set. */
  sandbox: Sandbox | undefined;
  demo: DemoStudio | undefined;
  frameioDemo: FrameioDemoOutcome | undefined;
  /** What `npm start` prints. */
  banner: string;
  /** Graceful shutdown (docs/operations.md), then the sandbox. */
  close(): Promise<void>;
}

/**
 * The `start` role (main.ts), also what the demo's tests start: the sandbox when no Frame.io app
 * is configured, the composed app listening, the in-process worker, then the demo studio. The demo
 * is seeded after the server listens and the worker runs, so whatever it waits for (analysis,
 * Send to Frame.io, the sandbox's webhooks to PUBLIC_URL) happens as it would for a person.
 */
export async function startPreroll(initial: Config, opts: ComposeOptions = {}): Promise<RunningPreroll> {
  let config = initial;
  const sandbox = config.frameio.mode === 'sandbox' ? await startLocalFrameioSandbox(config) : undefined;
  if (sandbox) config = withSandboxUrls(config, sandbox);
  const week = config.seedDemo ? new DemoWeek(opts.clock ?? systemClock) : undefined;
  const preroll = await composePreroll(config, { ...opts, ...(week ? { clock: week } : {}) });
  await preroll.app.listen({ port: config.port, host: config.host });
  if (config.worker === 'inline') preroll.startWorker();

  let demo: DemoStudio | undefined;
  let frameioDemo: FrameioDemoOutcome | undefined;
  if (config.seedDemo) {
    demo = await seedDemo({
      services: preroll.services,
      store: preroll.store,
      timers: opts.timers ?? systemTimers,
      media: new DemoMediaMaker(config.ffmpegPath, config.dataDir),
      week,
    });
    if (demo.created && sandbox) {
      frameioDemo = demo.waitingCutVersionId
        ? await preroll.frameio.putDemoInMotion(sandbox, demo.owner, demo.waitingCutVersionId)
        : { kind: 'skipped', detail: 'no clip to send: the demo has no media' };
    }
  }

  const address = preroll.app.server.address();
  const banner = startBanner({
    publicUrl: config.publicUrl,
    host: config.host,
    port: typeof address === 'object' && address ? address.port : config.port,
    database: preroll.database.dialect === 'sqlite' ? `SQLite at ${config.dataDir}/preroll.db` : 'PostgreSQL',
    demo,
    frameioDemo,
    sandboxUrl: sandbox?.url,
    mail: config.smtpUrl ? 'SMTP' : 'dev outbox (GET /api/v1/dev/outbox)',
  });
  return {
    preroll,
    sandbox,
    demo,
    frameioDemo,
    banner,
    async close() {
      await preroll.close();
      await sandbox?.close();
    },
  };
}

import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createControl, type SandboxControl } from './control/sandbox-control.ts';
import { buildApp } from './http/build-app.ts';
import { FaultInjector } from './http/fault-injector.ts';
import { RateLimiter } from './http/rate-limiter.ts';
import type { SandboxRuntime } from './http/runtime.ts';
import { IdTokenSigner } from './ims/id-token.ts';
import { TokenService } from './ims/token-service.ts';
import { analyseFile, needsAnalysis } from './media/file-analysis.ts';
import { MediaProbe } from './media/media-probe.ts';
import type { SandboxOAuthClient, SandboxOptions, SandboxUser } from './sandbox-types.ts';
import { SandboxClock } from './state/clock.ts';
import { SandboxStore } from './state/sandbox-store.ts';
import { resolveSeed } from './state/seed.ts';
import { scheduleTranscode } from './uploads/upload-lifecycle.ts';
import { UploadStore } from './uploads/upload-store.ts';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.ts';

export type { MintTokensInput, ReplyInput, SandboxControl, UploadFacts } from './control/sandbox-control.ts';
export type { FaultSpec } from './http/fault-injector.ts';
export type {
  RateLimitMode,
  SandboxOAuthClient,
  SandboxOptions,
  SandboxUser,
  SeedSpec,
} from './sandbox-types.ts';
export { SEED_IDS } from './state/seed.ts';
export { planParts } from './uploads/part-plan.ts';
export type { DeliveryAttempt, DeliveryRec, WebhookFaults } from './webhooks/webhook-dispatcher.ts';
export { signWebhook } from './webhooks/webhook-signature.ts';

export interface Sandbox {
  url: string;
  imsUrl: string;
  seed: { accountId: string; workspaceId: string; users: SandboxUser[]; clients: SandboxOAuthClient[] };
  control: SandboxControl;
  close(): Promise<void>;
}

/** Starts the Frame.io V4 + Adobe IMS emulator on real HTTP (port 0 = ephemeral). */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const host = opts.host ?? '127.0.0.1';
  const seed = resolveSeed(opts.seed);
  const clock = new SandboxClock(opts.clock);
  const store = new SandboxStore(clock, seed, opts.statePath);
  // Without an explicit dataDir, a persisted state keeps its bytes beside the state file.
  const ownsDataDir = !opts.dataDir && !opts.statePath;
  const dataDir =
    opts.dataDir ??
    (opts.statePath
      ? join(dirname(opts.statePath), 'sandbox-data')
      : mkdtempSync(join(tmpdir(), 'frameio-sandbox-')));
  const rt: SandboxRuntime = {
    store,
    tokens: new TokenService(store, opts.accessTokenTtlSeconds ?? 86399),
    limiter: new RateLimiter(opts.rateLimitMode ?? 'off', () => clock.now()),
    faults: new FaultInjector(),
    uploads: new UploadStore(dataDir, () => store.state.signing_key),
    probe: new MediaProbe(opts.ffprobePath ?? 'ffprobe'),
    dispatcher: new WebhookDispatcher(store, {
      backoffScale: opts.webhookBackoffScale ?? 1,
      timeoutMs: opts.webhookTimeoutMs ?? 5000,
    }),
    options: {
      transcodeDelayMs: opts.transcodeDelayMs ?? 200,
      control: opts.control ?? true,
      remoteUploadMaxBytes: opts.remoteUploadMaxBytes ?? 2 * 1024 ** 3,
    },
    remoteFetches: new Set(),
    publicUrl: '',
    uploadUrlTtlSeconds: 24 * 3600,
  };
  // a state file may hold files that were mid-transcode when the last run stopped
  for (const a of Object.values(store.state.assets)) {
    if (a.type !== 'file') continue;
    if (a.status === 'uploaded') scheduleTranscode(rt, a.id);
    if (needsAnalysis(a)) void analyseFile(rt, a.id);
  }
  const control = createControl(rt);
  const app = await buildApp(rt, control, new IdTokenSigner());
  await app.listen({ port: opts.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  // a wildcard bind still needs a reachable host in the links it hands out
  const linkHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const url = `http://${linkHost.includes(':') ? `[${linkHost}]` : linkHost}:${port}`;
  rt.publicUrl = (opts.publicUrl ?? url).replace(/\/$/, '');
  return {
    url,
    imsUrl: `${url}/ims`,
    seed: {
      accountId: seed.account.id,
      workspaceId: seed.workspace.id,
      users: seed.users,
      clients: seed.clients,
    },
    control,
    async close() {
      rt.dispatcher.close();
      for (const c of rt.remoteFetches) c.abort();
      store.saveNow();
      await app.close();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

import type { TokenService } from '../ims/token-service.ts';
import type { MediaProbe } from '../media/media-probe.ts';
import type { SandboxOptions } from '../sandbox-types.ts';
import type { SandboxStore } from '../state/sandbox-store.ts';
import type { UploadStore } from '../uploads/upload-store.ts';
import type { WebhookDispatcher } from '../webhooks/webhook-dispatcher.ts';
import type { FaultInjector } from './fault-injector.ts';
import type { RateLimiter } from './rate-limiter.ts';

/** Everything a route needs; built once by startSandbox. */
export interface SandboxRuntime {
  store: SandboxStore;
  tokens: TokenService;
  limiter: RateLimiter;
  faults: FaultInjector;
  uploads: UploadStore;
  /** ffprobe, run when an upload completes (the transcoder's media facts) */
  probe: MediaProbe;
  dispatcher: WebhookDispatcher;
  options: Required<Pick<SandboxOptions, 'transcodeDelayMs' | 'control' | 'remoteUploadMaxBytes'>>;
  /** remote uploads in flight, aborted when the sandbox closes */
  remoteFetches: Set<AbortController>;
  /** base URL used in returned links; known once the server listens */
  publicUrl: string;
  /** presigned part URL lifetime (control API can change it) */
  uploadUrlTtlSeconds: number;
}

import type { Config } from '../config/config.ts';
import type { Clock } from '../lib/clock.ts';
import type { Metrics } from '../lib/metrics.ts';
import type { Timers } from '../lib/timers.ts';
import type { EventBus } from '../realtime/event-bus.ts';
import type { Mailer } from '../repositories/mailer.ts';
import type { MediaProbe } from '../repositories/media-probe.ts';
import type { MediaSignals } from '../repositories/media-signals.ts';
import type { MediaStorage } from '../repositories/media-storage.ts';
import type { MediaTranscoder } from '../repositories/media-transcoder.ts';
import type { PasswordHasher } from '../repositories/password-hasher.ts';
import type { SecretBox } from '../repositories/secret-box.ts';
import type { Store } from '../repositories/store.ts';
import type { DomainHookRegistry } from './domain-hooks.ts';

/**
 * What any service may depend on. Services take this bag (not Fastify, not process.env), so a new
 * dependency is added here once; the composition root (`server.ts`) builds each piece exactly once.
 */
export interface ServiceDeps {
  store: Store;
  clock: Clock;
  /** Sleeping and repeating (lease renewal, polling): never setTimeout directly in a service. */
  timers: Timers;
  events: EventBus;
  mailer: Mailer;
  hasher: PasswordHasher;
  config: Config;
  /** AES-256-GCM for secrets at rest (Frame.io tokens). */
  secretBox: SecretBox;
  /** Outbound HTTP (Frame.io, Adobe IMS); injectable so tests can count or fault requests. */
  fetch: typeof fetch;
  /** Media storage: the local data dir or an S3-compatible object store (docs/deploy.md, "Storage"). */
  files: MediaStorage;
  /** ffprobe. */
  probe: MediaProbe;
  /** ffmpeg decoding sound and tiny frames (carry-forward). */
  signals: MediaSignals;
  /** ffmpeg: playback proxies, posters, thumbnails, waveforms. */
  transcoder: MediaTranscoder;
  /** What the core announces to integrations (see domain-hooks.ts). */
  hooks: DomainHookRegistry;
  /** Prometheus instruments (docs/operations.md); observing is always safe, even with metrics off. */
  metrics: Metrics;
}

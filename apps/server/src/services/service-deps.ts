import type { Config } from '../config/config.ts';
import type { Clock } from '../lib/clock.ts';
import type { EventBus } from '../realtime/event-bus.ts';
import type { Mailer } from '../repositories/mailer.ts';
import type { PasswordHasher } from '../repositories/password-hasher.ts';
import type { SecretBox } from '../repositories/secret-box.ts';
import type { Store } from '../repositories/store.ts';

/**
 * What any service may depend on. Services take this bag (not Fastify, not process.env), so a new
 * dependency is added here once and the composition root stays unchanged.
 */
export interface ServiceDeps {
  store: Store;
  clock: Clock;
  events: EventBus;
  mailer: Mailer;
  hasher: PasswordHasher;
  config: Config;
  /** AES-256-GCM for secrets at rest (Frame.io tokens). */
  secretBox: SecretBox;
  /** Outbound HTTP (Frame.io, Adobe IMS); injectable so tests can count or fault requests. */
  fetch: typeof fetch;
}

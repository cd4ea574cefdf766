import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from './config/config.ts';
import { type DatabaseHandle, migrateToLatest, openDatabase, pendingMigrations } from './db/database.ts';
import type { Database } from './db/schema.ts';
import { observeFrameioFetch } from './frameio-call-metrics.ts';
import { buildApp } from './http/app.ts';
import type { ReadinessReport } from './http/route-deps.ts';
import {
  type FrameioIntegration,
  type FrameioTables,
  frameioMigrations,
  registerFrameio,
} from './integrations/frameio/index.ts';
import type { Integration } from './integrations/integration.ts';
import {
  registerWebhooks,
  type WebhooksIntegration,
  type WebhookTables,
  webhookMigrations,
} from './integrations/webhooks/index.ts';
import type { JobHandlers, JobTimeouts } from './jobs/job-handlers.ts';
import { observeJobs } from './jobs/job-metrics.ts';
import { startWorker, type WorkerHandle } from './jobs/worker.ts';
import { type Clock, systemClock } from './lib/clock.ts';
import { Metrics } from './lib/metrics.ts';
import { systemTimers, type Timers } from './lib/timers.ts';
import type { EventBus } from './realtime/event-bus.ts';
import { createEventBus } from './repositories/create-event-bus.ts';
import { createMediaStorage } from './repositories/create-media-storage.ts';
import { createMailer } from './repositories/mailer.ts';
import { MediaProbe } from './repositories/media-probe.ts';
import { MediaSignals } from './repositories/media-signals.ts';
import type { MediaStorage } from './repositories/media-storage.ts';
import { MediaTranscoder } from './repositories/media-transcoder.ts';
import { argon2Hasher, type PasswordHasher } from './repositories/password-hasher.ts';
import { loadSecretKey, SecretBox } from './repositories/secret-box.ts';
import { checkDataDirWritable } from './repositories/storage-check.ts';
import { Store } from './repositories/store.ts';
import { CarryForwardJob } from './services/carry-forward/carry-forward-job.ts';
import { coreJobHandlers, coreJobTimeouts } from './services/core-jobs.ts';
import { DomainHookRegistry } from './services/domain-hooks.ts';
import { createServices, type Services } from './services/index.ts';

/** Every integration's part of the one migration chain (the core's is in db/migrations). */
export const INTEGRATION_MIGRATIONS = { ...frameioMigrations, ...webhookMigrations };

/** Applies the whole chain: the core's migrations and every integration's. */
export function migrateAll(db: DatabaseHandle['db']): Promise<string[]> {
  return migrateToLatest(db, INTEGRATION_MIGRATIONS);
}

/** Every table of the migration chain: the core's and each integration's. */
export type AllTables = Database & FrameioTables & WebhookTables;

export interface Preroll {
  config: Config;
  database: DatabaseHandle;
  /** The pool typed with every table, for tests, benchmarks and scripts (never for services). */
  db: Kysely<AllTables>;
  store: Store;
  /** Media storage (local data dir or S3), for tests and benchmarks. */
  storage: MediaStorage;
  events: EventBus;
  services: Services;
  /** The Frame.io integration as registered (its parts, for tests and benchmarks). */
  frameio: FrameioIntegration;
  /** Outgoing webhooks as registered (its parts, for tests and benchmarks). */
  webhooks: WebhooksIntegration;
  metrics: Metrics;
  /** The domain hooks as registered (tests add a listener to count announcements). */
  hooks: DomainHookRegistry;
  /** Every job handler: the core's and each integration's. */
  jobHandlers: JobHandlers;
  app: FastifyInstance;
  /** Starts the job worker loop in this process; resolves the returned stop() when it has drained. */
  startWorker(): () => Promise<void>;
  /** `/readyz`'s report: database, storage, migrations, shutdown. */
  readiness(): Promise<ReadinessReport>;
  /**
   * Graceful shutdown: `/readyz` answers 503 at once; HTTP stops accepting, its event streams end
   * and its in-flight requests finish while the workers finish their in-flight jobs (claiming no
   * more); then the bus and the database close.
   */
  close(): Promise<void>;
}

export interface ComposeOptions {
  clock?: Clock;
  /** Sleeping and repeating; defaults to real timers. */
  timers?: Timers;
  hasher?: PasswordHasher;
  /** The realtime bus; defaults to createEventBus (in-process on SQLite, LISTEN/NOTIFY on PostgreSQL). */
  events?: EventBus;
  /** Outbound HTTP for Frame.io and Adobe IMS (tests count or fault requests); defaults to fetch. */
  fetch?: typeof fetch;
  /** Where the server's log lines go (default stdout). */
  logStream?: NodeJS.WritableStream;
}

/**
 * The composition root: config → database (+ the whole migration chain) → repositories → core
 * services → integrations (registered on the core's hooks) → HTTP app. The only place that knows
 * both the core and the integrations.
 */
export async function composePreroll(config: Config, opts: ComposeOptions = {}): Promise<Preroll> {
  let log: FastifyInstance['log'] | undefined;
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onIdleError: (err) => log?.warn({ err }, 'idle database connection lost; the pool reconnects'),
  });
  await migrateAll(database.db);
  const clock = opts.clock ?? systemClock;
  const store = new Store(database.db, database.dialect);
  const metrics = new Metrics(config.metrics.enabled, () => store.jobs.queueStats(clock.now().toISOString()));
  const events = opts.events ?? createEventBus(database);
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    outbox: store.mail,
    clock,
    log: (message) => log?.info(message),
  });
  const secretBox = new SecretBox(
    loadSecretKey({ secretKeyHex: config.secretKeyHex, dataDir: config.dataDir }),
  );
  const hooks = new DomainHookRegistry();
  const media = createMediaStorage(config);
  const deps = {
    store,
    clock,
    timers: opts.timers ?? systemTimers,
    events,
    mailer,
    hasher: opts.hasher ?? argon2Hasher,
    config,
    secretBox,
    fetch: opts.fetch ?? globalThis.fetch.bind(globalThis),
    files: media,
    probe: new MediaProbe(config.ffprobePath),
    signals: new MediaSignals(config.ffmpegPath),
    transcoder: new MediaTranscoder(config.ffmpegPath),
    hooks,
    metrics,
  };
  const services = createServices(deps);
  const frameio = registerFrameio({
    ...deps,
    // Every Frame.io and IMS request is counted by operation and status (docs/operations.md).
    fetch: observeFrameioFetch(deps.fetch, metrics),
    comments: services.comments,
    deliverables: services.deliverables,
  });
  const webhooks = registerWebhooks(deps);
  const integrations: Integration[] = [frameio, webhooks];
  // Notifications are the core's own listener (they only enqueue), then each integration's hooks.
  hooks.register(services.notifications.hooks);
  for (const integration of integrations) hooks.register(integration.hooks);
  const jobHandlers: JobHandlers = observeJobs(
    Object.assign(
      coreJobHandlers({
        uploadExpiry: services.versions.expiry,
        analysis: services.versions.analysis,
        derivatives: services.versions.derivatives,
        carryForward: new CarryForwardJob(deps),
        notifications: services.notifications,
        account: services.account,
        portalHome: services.portalHome,
        log: (details, message) => log?.warn(details, message),
      }),
      ...integrations.map((i) => i.jobs),
    ),
    metrics,
    clock,
    // The job is enqueued with the received delivery, so enqueue → done is receive → processed.
    { 'frameio.webhook': metrics.frameioWebhookLag },
  );
  const jobTimeouts: JobTimeouts = Object.assign(
    {},
    coreJobTimeouts,
    ...integrations.map((i) => i.jobTimeouts),
  );
  let shuttingDown = false;
  const readiness = async (): Promise<ReadinessReport> => {
    const attempt = async (check: () => Promise<string | undefined>) => {
      try {
        const problem = await check();
        return problem ? { ok: false, detail: problem } : { ok: true };
      } catch (err) {
        return { ok: false, detail: err instanceof Error ? err.message : String(err) };
      }
    };
    const [databaseCheck, storage, migrations] = await Promise.all([
      attempt(async () => void (await store.ping())),
      attempt(async () => {
        await checkDataDirWritable(config.dataDir);
        await media.checkWritable();
        return undefined;
      }),
      attempt(async () => {
        const pending = await pendingMigrations(database.db, INTEGRATION_MIGRATIONS);
        return pending.length > 0 ? `not applied: ${pending.join(', ')}` : undefined;
      }),
    ]);
    const shutdown = shuttingDown ? { ok: false, detail: 'shutting down' } : { ok: true };
    const checks = { database: databaseCheck, storage, migrations, shutdown };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  };
  const app = await buildApp(
    {
      services,
      config,
      events,
      store,
      metrics,
      readiness,
      integrationRoutes: integrations.map((i) => (scope: FastifyInstance) => i.routes(scope)),
      integrationOperations: integrations.flatMap((i) => i.operations),
    },
    { logStream: opts.logStream },
  );
  // The unfinished-upload sweep re-enqueues itself; this starts the chain (once per hour slot).
  await services.versions.expiry.ensureScheduled();
  log = app.log;
  const workers = new Set<WorkerHandle>();
  let closing: Promise<void> | undefined;
  return {
    config,
    database,
    db: database.db as unknown as Kysely<AllTables>,
    store,
    storage: media,
    events,
    services,
    frameio,
    webhooks,
    metrics,
    hooks,
    jobHandlers,
    app,
    readiness,
    startWorker() {
      const worker = startWorker({
        store,
        handlers: jobHandlers,
        timeouts: jobTimeouts,
        shutdownGraceMs: config.jobShutdownGraceMs,
        clock,
        timers: deps.timers,
        onError: (err, info) => app.log.error({ err, ...info }, 'job failed'),
      });
      workers.add(worker);
      return async () => {
        workers.delete(worker);
        await worker.stop();
      };
    },
    close() {
      // Once: a second signal (or a test's cleanup after its own close) waits for the first.
      closing ??= (async () => {
        shuttingDown = true;
        // Workers drain and HTTP closes side by side; both before the bus and database they use go.
        await Promise.all([...[...workers].map((w) => w.stop()), app.close()]);
        await events.close();
        await database.close();
      })();
      return closing;
    },
  };
}

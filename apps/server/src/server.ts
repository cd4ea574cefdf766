import type { FastifyInstance } from 'fastify';
import type { Config } from './config/config.ts';
import { type DatabaseHandle, migrateToLatest, openDatabase } from './db/database.ts';
import { buildApp } from './http/app.ts';
import { createJobHandlers } from './jobs/job-handlers.ts';
import { startWorker, type WorkerHandle } from './jobs/worker.ts';
import { type Clock, systemClock } from './lib/clock.ts';
import { createEventBus } from './realtime/create-event-bus.ts';
import type { EventBus } from './realtime/event-bus.ts';
import { createMailer } from './repositories/mailer.ts';
import { argon2Hasher, type PasswordHasher } from './repositories/password-hasher.ts';
import { loadSecretKey, SecretBox } from './repositories/secret-box.ts';
import { Store } from './repositories/store.ts';
import { createServices, type Services } from './services/index.ts';

export interface Preroll {
  config: Config;
  database: DatabaseHandle;
  store: Store;
  events: EventBus;
  services: Services;
  app: FastifyInstance;
  /** Starts the job worker loop in this process; resolves the returned stop() when it has drained. */
  startWorker(): () => Promise<void>;
  close(): Promise<void>;
}

export interface ComposeOptions {
  clock?: Clock;
  hasher?: PasswordHasher;
  /** The realtime bus; defaults to createEventBus (in-process on SQLite, LISTEN/NOTIFY on PostgreSQL). */
  events?: EventBus;
  /** Outbound HTTP for Frame.io and Adobe IMS (tests count or fault requests); defaults to fetch. */
  fetch?: typeof fetch;
  /** Where the server's log lines go (default stdout). */
  logStream?: NodeJS.WritableStream;
}

/** The composition root: config → database → repositories → services → HTTP app. */
export async function composePreroll(config: Config, opts: ComposeOptions = {}): Promise<Preroll> {
  let log: FastifyInstance['log'] | undefined;
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onIdleError: (err) => log?.warn({ err }, 'idle database connection lost; the pool reconnects'),
  });
  await migrateToLatest(database.db);
  const clock = opts.clock ?? systemClock;
  const store = new Store(database.db, database.dialect);
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
  const services = createServices({
    store,
    clock,
    events,
    mailer,
    hasher: opts.hasher ?? argon2Hasher,
    config,
    secretBox,
    fetch: opts.fetch ?? globalThis.fetch.bind(globalThis),
  });
  const app = await buildApp({ services, config, events, store }, { logStream: opts.logStream });
  log = app.log;
  const workers = new Set<WorkerHandle>();
  return {
    config,
    database,
    store,
    events,
    services,
    app,
    startWorker() {
      const worker = startWorker({
        store,
        handlers: createJobHandlers({ frameio: services.frameio }),
        clock,
        onError: (err, info) => app.log.error({ err, ...info }, 'job failed'),
      });
      workers.add(worker);
      return async () => {
        workers.delete(worker);
        await worker.stop();
      };
    },
    async close() {
      // Workers drain before the bus and database they write to go away.
      await Promise.all([...workers].map((w) => w.stop()));
      await app.close();
      await events.close();
      await database.close();
    },
  };
}

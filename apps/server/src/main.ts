import { type Config, ConfigError, loadConfig } from './config/config.ts';
import { openDatabase } from './db/database.ts';
import { startLocalFrameioSandbox, withSandboxUrls } from './integrations/frameio/index.ts';
import { seedDemo } from './seed/demo-seed.ts';
import { composePreroll, migrateAll } from './server.ts';
import { startBanner } from './start-banner.ts';

/**
 * `preroll start`   web + in-process worker (+ the local Frame.io sandbox when no Frame.io app is configured)
 * `preroll worker`  the job worker only, for running several processes against PostgreSQL
 * `preroll migrate` apply migrations and exit
 */
async function main(role: string): Promise<void> {
  let config = readConfig();
  if (role === 'migrate') return migrateOnly(config);
  if (role === 'worker') return runWorkerOnly(config);
  if (role !== 'start') throw new Error(`Unknown role "${role}": use start, worker or migrate`);

  const sandbox = config.frameio.mode === 'sandbox' ? await startLocalFrameioSandbox(config) : undefined;
  if (sandbox) config = withSandboxUrls(config, sandbox);
  const preroll = await composePreroll(config);
  const demo = config.seedDemo ? await seedDemo(preroll.services, preroll.store) : undefined;
  if (config.worker === 'inline') preroll.startWorker();
  await preroll.app.listen({ port: config.port, host: config.host });
  const address = preroll.app.server.address();
  process.stdout.write(
    startBanner({
      publicUrl: config.publicUrl,
      host: config.host,
      port: typeof address === 'object' && address ? address.port : config.port,
      database:
        preroll.database.dialect === 'sqlite' ? `SQLite at ${config.dataDir}/preroll.db` : 'PostgreSQL',
      demo,
      sandboxUrl: sandbox?.url,
      mail: config.smtpUrl ? 'SMTP' : 'dev outbox (GET /api/v1/dev/outbox)',
    }),
  );

  const shutdown = async () => {
    // Graceful (docs/operations.md): /readyz says 503, streams end, in-flight requests and jobs finish.
    await preroll.close();
    await sandbox?.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

async function migrateOnly(config: Config): Promise<void> {
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrateAll(database.db);
  process.stdout.write(`applied ${applied.length} migration(s)\n`);
  await database.close();
}

async function runWorkerOnly(config: Config): Promise<void> {
  const preroll = await composePreroll(config);
  preroll.startWorker();
  process.stdout.write(`preroll worker started (${preroll.database.dialect})\n`);
  const shutdown = async () => {
    // Finishes the jobs in flight and claims no more (docs/operations.md).
    await preroll.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main(process.argv[2] ?? 'start').catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

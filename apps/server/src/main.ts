import { type Config, ConfigError, loadConfig } from './config/config.ts';
import { openDatabase } from './db/database.ts';
import { resetDemoDataDir } from './seed/demo-reset.ts';
import { composePreroll, migrateAll } from './server.ts';
import { startPreroll } from './start.ts';

/**
 * `preroll start`   web + in-process worker (+ the local Frame.io sandbox when no Frame.io app is configured)
 * `preroll worker`  the job worker only, for running several processes against PostgreSQL
 * `preroll migrate` apply migrations and exit
 * `preroll demo-reset` remove the demo studio's SQLite data dir contents (only when it holds nothing else)
 */
async function main(role: string): Promise<void> {
  const config = readConfig();
  if (role === 'migrate') return migrateOnly(config);
  if (role === 'worker') return runWorkerOnly(config);
  if (role === 'demo-reset') return demoReset(config);
  if (role !== 'start') throw new Error(`Unknown role "${role}": use start, worker, migrate or demo-reset`);

  const running = await startPreroll(config);
  process.stdout.write(running.banner);

  const shutdown = async () => {
    // Graceful (docs/operations.md): /readyz says 503, streams end, in-flight requests and jobs finish.
    await running.close();
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

async function demoReset(config: Config): Promise<void> {
  const outcome = await resetDemoDataDir(config);
  if (outcome.kind === 'refused') {
    process.stderr.write(`demo reset refused: ${outcome.reason}\n`);
    process.exit(1);
  }
  process.stdout.write(
    outcome.kind === 'reset'
      ? `demo reset: removed ${outcome.removed.join(', ')} from ${config.dataDir}; the next start rebuilds the demo\n`
      : `demo reset: no database in ${config.dataDir}; the next start builds the demo\n`,
  );
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

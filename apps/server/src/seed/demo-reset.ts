import type { Config } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { hasDatabaseFile, removeDemoDataFiles } from '../repositories/demo-data-files.ts';
import { Store } from '../repositories/store.ts';
import { DEMO_ORG_NAME } from './demo-seed.ts';

export type DemoResetOutcome =
  | { kind: 'reset'; removed: string[] }
  | { kind: 'nothing_to_reset' }
  | { kind: 'refused'; reason: string };

/**
 * `npm run demo:reset` (docs/getting-started.md, "The demo studio"). The demo is rebuilt by
 * starting on an empty data dir, so the reset removes the SQLite data dir's demo data, and only
 * when that is all it holds: on PostgreSQL, or when any other organization exists, it refuses and
 * touches nothing (a studio's real work is never one command away from deletion). Stop the
 * server first: a running one would keep writing to the removed database.
 */
export async function resetDemoDataDir(config: Config): Promise<DemoResetOutcome> {
  if (config.databaseUrl)
    return {
      kind: 'refused',
      reason:
        'DATABASE_URL is set: the demo reset only removes a SQLite data dir. Drop and recreate the PostgreSQL database yourself if it holds nothing but the demo.',
    };
  if (config.storage.kind === 's3')
    return {
      kind: 'refused',
      reason:
        'PREROLL_STORAGE=s3: the demo reset only removes a SQLite data dir, and the demo media is in the bucket. Empty the bucket and remove the data dir yourself if they hold nothing but the demo.',
    };
  if (!hasDatabaseFile(config.dataDir)) return { kind: 'nothing_to_reset' };
  const database = openDatabase({ databaseUrl: undefined, dataDir: config.dataDir });
  let names: string[];
  try {
    names = await new Store(database.db, database.dialect).organizations.namesOfAll(10);
  } finally {
    await database.close();
  }
  const others = names.filter((n) => n !== DEMO_ORG_NAME);
  if (others.length > 0 || names.length > 1)
    return {
      kind: 'refused',
      reason: `${config.dataDir} holds more than the demo studio (${names.join(', ')}); nothing was removed.`,
    };
  return { kind: 'reset', removed: await removeDemoDataFiles(config.dataDir) };
}

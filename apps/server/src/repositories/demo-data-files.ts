import fs from 'node:fs';
import path from 'node:path';

/**
 * What a SQLite data dir holds for the demo studio and the demo reset removes: the database (and
 * its WAL files), the uploaded versions and the bundled Frame.io sandbox's saved state. The
 * secret key and the demo clips' cache (`demo-media/`) stay: neither holds demo data, and keeping
 * the clips makes the rebuild quick.
 */
const DEMO_DATA_ENTRIES = [
  'preroll.db',
  'preroll.db-wal',
  'preroll.db-shm',
  'uploads',
  'frameio-sandbox.json',
  'frameio-sandbox',
];

export function hasDatabaseFile(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'preroll.db'));
}

/** Removes the demo's data files; returns the entries that were there. */
export async function removeDemoDataFiles(dataDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const entry of DEMO_DATA_ENTRIES) {
    const target = path.join(dataDir, entry);
    if (!fs.existsSync(target)) continue;
    await fs.promises.rm(target, { recursive: true, force: true });
    removed.push(entry);
  }
  return removed;
}

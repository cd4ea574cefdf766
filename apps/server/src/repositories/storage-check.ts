import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Whether the data directory takes a write (`/readyz`): a full disk or a read-only mount fails
 * uploads and SQLite alike, and a load balancer should stop sending traffic before users find out.
 */
export async function checkDataDirWritable(dataDir: string): Promise<void> {
  const probe = path.join(dataDir, `.readyz-${process.pid}`);
  await fs.writeFile(probe, 'ok', { mode: 0o600 });
  await fs.rm(probe, { force: true });
}

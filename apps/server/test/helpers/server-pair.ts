import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.ts';
import { composePreroll, type Preroll } from '../../src/server.ts';
import { TestClient } from './http-client.ts';
import type { TestApp } from './test-app.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

/** Two separately composed servers (as two processes would be) on one fresh PostgreSQL database. */
export async function startPairOnOneDatabase(env: Record<string, string> = {}): Promise<{
  a: TestApp;
  b: TestApp;
  database: TestDatabase;
  closeAll(): Promise<void>;
}> {
  const database = await createTestDatabase();
  const started: Preroll[] = [];
  const dirs: string[] = [];
  const boot = async (): Promise<TestApp> => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-rt-'));
    dirs.push(dataDir);
    const config = loadConfig({
      PORT: '0',
      PREROLL_DATA_DIR: dataDir,
      DATABASE_URL: database.databaseUrl,
      LOG_LEVEL: 'silent',
      PREROLL_SEED_DEMO: 'off',
      PREROLL_WORKER: 'off',
      ...env,
    });
    const preroll = await composePreroll(config);
    started.push(preroll);
    const url = (await preroll.app.listen({ port: 0, host: '127.0.0.1' })).replace('[::1]', '127.0.0.1');
    return { preroll, config, url, dataDir, client: () => new TestClient(url), close: async () => {} };
  };
  // One after the other: the second finds the migrations applied.
  const a = await boot();
  const b = await boot();
  return {
    a,
    b,
    database,
    async closeAll() {
      for (const p of started) await p.close();
      await database.drop();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}

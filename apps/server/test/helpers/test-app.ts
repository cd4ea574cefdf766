import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Config, loadConfig } from '../../src/config/config.ts';
import { type ComposeOptions, composePreroll, type Preroll } from '../../src/server.ts';
import { TestClient } from './http-client.ts';
import { createTestDatabase } from './test-database.ts';

export interface TestApp {
  preroll: Preroll;
  config: Config;
  url: string;
  dataDir: string;
  /** A fresh browser-like client (own cookie jar). */
  client(): TestClient;
  close(): Promise<void>;
}

/**
 * Boots the real server on 127.0.0.1 with a random port, on its own database (SQLite file in a
 * temp dir, or a fresh PostgreSQL database when DATABASE_URL is set).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  opts: ComposeOptions = {},
): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-test-'));
  const database = await createTestDatabase();
  const config = loadConfig({
    PORT: '0',
    PREROLL_DATA_DIR: dataDir,
    DATABASE_URL: database.databaseUrl,
    LOG_LEVEL: 'silent',
    PREROLL_SEED_DEMO: 'off',
    // Every test signs up from 127.0.0.1; test/security/login-timing-and-signup.test.ts sets its own.
    PREROLL_SIGNUPS_PER_HOUR: '100000',
    // A test's teardown stops workers with jobs possibly still running: put them back at once.
    PREROLL_JOB_SHUTDOWN_GRACE_SECONDS: '1',
    ...env,
  });
  const preroll = await composePreroll(config, opts);
  // A caller that set PORT (and PUBLIC_URL to match) gets links in mail that lead back here.
  const address = await preroll.app.listen({ port: Number(env.PORT ?? 0), host: '127.0.0.1' });
  const url = address.replace('[::1]', '127.0.0.1');
  return {
    preroll,
    config,
    url,
    dataDir,
    client: () => new TestClient(url),
    async close() {
      await preroll.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** Signs up a fresh owner with their organization and returns their logged-in client. */
export async function signUp(
  app: TestApp,
  overrides: Partial<{ email: string; name: string; org: string }> = {},
) {
  counter += 1;
  const client = app.client();
  const email = overrides.email ?? `owner${counter}-${Date.now()}@example.test`;
  const res = await client.post('/api/v1/auth/signup', {
    email,
    password: 'correct horse battery',
    name: overrides.name ?? `Owner ${counter}`,
    organization_name: overrides.org ?? `Studio ${counter}`,
  });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${res.text}`);
  return {
    client,
    email,
    userId: res.body.data.user.id as string,
    orgId: res.body.data.active_organization.id as string,
  };
}

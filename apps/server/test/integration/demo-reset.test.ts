import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetDemoDataDir } from '../../src/seed/demo-reset.ts';
import type { RunningPreroll } from '../../src/start.ts';
import { TestClient } from '../helpers/http-client.ts';
import { type DemoEnv, demoEnv } from './demo-studio-fixtures.ts';

/** The reset's guard: a data dir that holds a real studio's work is never removed. */
let env: DemoEnv;
let running: RunningPreroll | undefined;

beforeAll(async () => {
  env = await demoEnv({ PREROLL_SEED_DEMO: 'off', PREROLL_SIGNUPS_PER_HOUR: '1000' });
  running = await env.start();
}, 120_000);
afterAll(async () => {
  await running?.close();
  await env?.cleanup();
});

describe('demo reset', () => {
  it('refuses, removing nothing, when the data dir holds an organization other than the demo studio', async () => {
    const signup = await new TestClient(env.url).post('/api/v1/auth/signup', {
      email: 'owner@acme.example',
      password: 'correct horse battery',
      name: 'Ada Owner',
      organization_name: 'Acme Films',
    });
    expect(signup.status).toBe(201);
    await running!.close();
    running = undefined;
    const before = fs.readdirSync(env.dataDir).sort();

    const outcome = await resetDemoDataDir(env.config);
    expect(outcome.kind).toBe('refused');
    if (!env.config.databaseUrl) {
      expect(outcome).toMatchObject({ reason: expect.stringContaining('Acme Films') });
      expect(fs.existsSync(path.join(env.dataDir, 'preroll.db'))).toBe(true);
    }
    expect(fs.readdirSync(env.dataDir).sort()).toEqual(before);

    running = await env.start();
    const login = await onFreshSocket(() =>
      new TestClient(env.url).post('/api/v1/auth/login', {
        email: 'owner@acme.example',
        password: 'correct horse battery',
      }),
    );
    expect(login.status).toBe(200);
  });
});

/**
 * The first server's keep-alive socket can still sit in fetch's pool when the second server starts
 * on the same port; a request sent on it fails ("other side closed") without reaching the new
 * server. One retry takes a fresh socket.
 */
async function onFreshSocket<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    if (!(err instanceof TypeError && err.message === 'fetch failed')) throw err;
    return send();
  }
}

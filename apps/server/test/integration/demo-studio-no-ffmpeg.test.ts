import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPreroll } from '../../src/start.ts';
import { TestClient } from '../helpers/http-client.ts';
import { bannerValue, countDemo, type DemoEnv, demoEnv, loginWithPrinted } from './demo-studio-fixtures.ts';

let env: DemoEnv;
let running: RunningPreroll | undefined;

beforeAll(async () => {
  env = await demoEnv({ FFMPEG_PATH: '/nonexistent/ffmpeg' });
  running = await env.start();
}, 120_000);
afterAll(async () => {
  await running?.close();
  await env?.cleanup();
});

describe('the demo studio without ffmpeg', () => {
  it('says so in the banner and seeds everything but the media, rather than failing', async () => {
    expect(bannerValue(running!.banner, 'demo media:')).toContain(
      'ffmpeg not available at "/nonexistent/ffmpeg"',
    );
    expect(running!.frameioDemo).toMatchObject({ kind: 'skipped' });
    const owner = await loginWithPrinted(env.url, bannerValue(running!.banner, 'demo login (owner):'));
    expect(await countDemo(owner)).toMatchObject({
      clients: 2,
      deliverables: 6,
      versions: 0,
      comments: 0,
      members: 2,
    });
    const statuses = (await owner.get('/api/v1/deliverables?limit=100')).body.data.map(
      (d: { status: string }) => d.status,
    );
    expect(new Set(statuses)).toEqual(new Set(['draft', 'submitted', 'approved', 'revision_requested']));
    const link = bannerValue(running!.banner, "client portal (Northwind's Nora; works once, 15 minutes):");
    const login = await new TestClient(env.url).post('/api/v1/portal/login', {
      token: new URL(link).searchParams.get('token'),
    });
    expect(login.status).toBe(200);
  });
});

import { type Sandbox, SEED_IDS, startSandbox } from '@preroll/frameio-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPreroll, startPreroll } from '../../src/start.ts';
import type { TestClient } from '../helpers/http-client.ts';
import {
  bannerValue,
  type DemoEnv,
  deliverableNamed,
  demoEnv,
  loginWithPrinted,
  versionsOf,
} from './demo-studio-fixtures.ts';
import { consent } from './frameio-fixtures.ts';
import { waitFor } from './frameio-review-fixtures.ts';

const START_MS = 240_000;
const CLIENT_ID = 'preroll-real-account';
const CLIENT_SECRET = 'preroll-real-account-secret';

let env: DemoEnv;
let running: RunningPreroll | undefined;
/** Another Frame.io, standing in for the studio's real account at Adobe. */
let real: Sandbox;
let owner: TestClient;

beforeAll(async () => {
  env = await demoEnv();
  running = await env.start();
  expect(running.frameioDemo).toMatchObject({ kind: 'in_motion', syncedComment: true });
  await running.close();
  real = await startSandbox({ port: 0, transcodeDelayMs: 10 });
  real.control.registerClient({
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: [`${env.url}/api/integrations/frameio/callback`],
    name: 'preroll (the studio’s own app)',
  });
  // The studio registers its own app: FRAMEIO_CLIENT_ID set, so no bundled sandbox starts.
  env = {
    ...env,
    start: () =>
      startPreroll({
        ...env.config,
        frameio: {
          ...env.config.frameio,
          mode: 'adobe',
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          apiUrl: real.url,
          imsUrl: real.imsUrl,
          urlsFromEnv: true,
        },
      }),
  };
  running = await env.start();
  owner = await loginWithPrinted(env.url, bannerValue(running.banner, 'demo login (owner):'));
}, START_MS);
afterAll(async () => {
  await running?.close();
  await real?.close();
  await env?.cleanup();
});

function cookieHeader(client: TestClient): string {
  return ['preroll_session', 'preroll_csrf', 'preroll_frameio_oauth']
    .map((n) => [n, client.cookie(n)] as const)
    .filter(([, v]) => v !== undefined)
    .map(([n, v]) => `${n}=${v}`)
    .join('; ');
}

describe('connecting a real Frame.io account after the demo', () => {
  it(
    'the sandbox connection is disconnected and the new account replaces it; new sends go to the new account',
    async () => {
      expect(running!.sandbox).toBeUndefined();
      expect(running!.banner).toContain('Frame.io: Adobe IMS + api.frame.io');
      const gone = await owner.request('DELETE', '/api/v1/integrations/frameio');
      expect(gone.status, gone.text).toBe(200);
      expect((await owner.get('/api/v1/integrations/frameio')).body.data.status).toBe('disconnected');

      const started = await owner.post('/api/v1/integrations/frameio/connect');
      expect(started.status, started.text).toBe(200);
      expect(started.body.data.authorize_url.startsWith(real.imsUrl)).toBe(true);
      const back = await consent(started.body.data.authorize_url, { userId: SEED_IDS.alexId });
      const landed = await fetch(back.href, { redirect: 'manual', headers: { cookie: cookieHeader(owner) } });
      await landed.arrayBuffer();
      expect(landed.headers.get('location')).toContain('frameio=connected');
      const put = await owner.request('PUT', '/api/v1/integrations/frameio/workspace', {
        account_id: SEED_IDS.accountId,
        workspace_id: SEED_IDS.workspaceId,
      });
      expect(put.status, put.text).toBe(200);
      expect(put.body.data.status).toBe('active');

      // A version never sent before goes to the new account, with the new account's review link.
      const [, v2] = await versionsOf(owner, (await deliverableNamed(owner, 'Picture lock')).id);
      expect((await owner.post(`/api/v1/versions/${v2!.id}/frameio`)).status).toBe(202);
      const state = await waitFor('the review link from the new account', async () => {
        const s = (await owner.get(`/api/v1/versions/${v2!.id}/frameio`)).body.data;
        return s.review_link ? s : undefined;
      });
      expect(state.review_link.short_url.startsWith(real.url)).toBe(true);
      expect(real.control.uploadFacts(state.remote_file_id).sha256).toBe(v2!.sha256);
    },
    START_MS,
  );
});

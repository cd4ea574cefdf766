import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_REVIEWER_NOTE } from '../../src/integrations/frameio/demo/sandbox-demo.ts';
import { resetDemoDataDir } from '../../src/seed/demo-reset.ts';
import { DEMO_FRAMES } from '../../src/seed/demo-story.ts';
import type { RunningPreroll } from '../../src/start.ts';
import { TestClient } from '../helpers/http-client.ts';
import {
  bannerValue,
  countDemo,
  type DemoCounts,
  type DemoEnv,
  deliverableNamed,
  demoEnv,
  loginWithPrinted,
  type PresentedThread,
  versionsOf,
} from './demo-studio-fixtures.ts';

const START_MS = 240_000;
let env: DemoEnv;
let running: RunningPreroll | undefined;
let owner: TestClient;
let firstCounts: DemoCounts;
let firstPortalLink: string;

beforeAll(async () => {
  env = await demoEnv();
  running = await env.start();
  owner = await loginWithPrinted(env.url, bannerValue(running.banner, 'demo login (owner):'));
}, START_MS);
afterAll(async () => {
  await running?.close();
  await env?.cleanup();
});

describe('the demo studio on first start', () => {
  it('makes its clips with ffmpeg once, with burned-in timecode', () => {
    expect(running!.demo?.media).toEqual({ kind: 'made', textBurnedIn: true });
  });

  it('prints a short banner: app URL, owner and member logins, a portal link, the reviewer UI, mail', async () => {
    const banner = running!.banner;
    expect(banner).toContain(`preroll is running: open ${env.url}`);
    expect(bannerValue(banner, 'demo login (owner):')).toBe('demo@preroll.local / preroll-demo-2026');
    expect(bannerValue(banner, 'demo login (member):')).toBe('editor@preroll.local / preroll-demo-2026');
    expect(banner).toMatch(/client portal .*: http:\/\/127\.0\.0\.1:\d+\/portal\/login\?token=/);
    expect(banner).toContain(`reviewer UI (a client working in Frame.io): ${running!.sandbox!.url}/ui/`);
    expect(banner).toContain('mail: dev outbox');
    expect(banner).not.toContain('not in motion');
    expect(banner.trim().split('\n').length).toBeLessThanOrEqual(12);
    const member = await loginWithPrinted(env.url, bannerValue(banner, 'demo login (member):'));
    const me = await member.get('/api/v1/me');
    expect(me.body.data.active_organization).toMatchObject({ name: 'Demo Studio', role: 'member' });
  });

  it('versions are ready with their own rates and timecodes: 29.97 DF from 01:00:00;00, 25 fps, audio', async () => {
    const pictureLock = await deliverableNamed(owner, 'Picture lock');
    const [v1, v2] = await versionsOf(owner, pictureLock.id);
    for (const v of [v1!, v2!]) {
      expect(v).toMatchObject({
        status: 'ready',
        media_kind: 'video',
        frame_rate: '30000/1001',
        drop_frame: true,
        start_timecode: '01:00:00;00',
        duration_frames: 600,
        width: 640,
        height: 360,
      });
    }
    expect(v1!.sha256).not.toBe(v2!.sha256);
    const [trailer] = await versionsOf(owner, (await deliverableNamed(owner, 'Trailer')).id);
    expect(trailer).toMatchObject({
      status: 'ready',
      frame_rate: '25/1',
      drop_frame: false,
      duration_frames: 500,
    });
    const [mix] = await versionsOf(owner, (await deliverableNamed(owner, 'Podcast mix')).id);
    expect(mix).toMatchObject({ status: 'ready', media_kind: 'audio', content_type: 'audio/mp4' });
    const media = await owner.get(`/api/v1/versions/${v1!.id}/media`, { headers: { range: 'bytes=0-15' } });
    expect(media.status).toBe(206);
    expect(media.headers.get('content-type')).toBe('video/mp4');
  });

  it('deliverables span the lifecycle: changes requested, waiting for the client, approved, drafts', async () => {
    const all = (await owner.get('/api/v1/deliverables?limit=100')).body.data as Array<{
      title: string;
      status: string;
    }>;
    const byTitle = Object.fromEntries(all.map((d) => [`${d.title}:${d.status}`, true]));
    expect(byTitle).toMatchObject({
      'Picture lock:revision_requested': true,
      "Director's cut:submitted": true,
      'Trailer:approved': true,
      'Podcast mix:draft': true,
    });
    expect(new Set(all.map((d) => d.status))).toEqual(
      new Set(['draft', 'submitted', 'approved', 'revision_requested']),
    );
    expect((await owner.get('/api/v1/clients')).body.data).toHaveLength(2);
    const activity = (await owner.get('/api/v1/activity?limit=100')).body.data as Array<{
      created_at: string;
    }>;
    const days = new Set(activity.map((a) => a.created_at.slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(4);
    expect(activity.some((a) => (a as { data?: { note?: string } }).data?.note?.startsWith('Close!'))).toBe(
      true,
    );
  });

  it("the cut with changes requested carries the client's notes at their frames, a reply thread and internal notes", async () => {
    const [v1] = await versionsOf(owner, (await deliverableNamed(owner, 'Picture lock')).id);
    const threads = (await owner.get(`/api/v1/versions/${v1!.id}/comments`)).body.data as PresentedThread[];
    const lowerThird = threads.find((c) => c.frame === DEMO_FRAMES.lowerThird)!;
    expect(lowerThird).toMatchObject({ timecode: '01:00:03;00', visibility: 'client' });
    expect(lowerThird.author).toMatchObject({ type: 'portal_user', name: 'Nora Northwind' });
    expect(lowerThird.replies.map((r) => r.author.name)).toEqual(['Dana Producer', 'Nora Northwind']);
    const cold = threads.filter((c) => c.frame === DEMO_FRAMES.coldShot);
    expect(cold.map((c) => c.visibility).sort()).toEqual(['client', 'internal']);
    expect(cold.find((c) => c.visibility === 'client')).toMatchObject({
      timecode: '01:00:08;00',
      duration_frames: DEMO_FRAMES.coldShotFrames,
    });
    expect(threads.filter((c) => c.visibility === 'internal')).toHaveLength(2);
  });

  it('the printed portal link signs the client in once, and the portal never shows internal notes', async () => {
    firstPortalLink = bannerValue(
      running!.banner,
      "client portal (Northwind's Nora; works once, 15 minutes):",
    );
    const token = new URL(firstPortalLink).searchParams.get('token');
    const portal = new TestClient(env.url);
    const login = await portal.post('/api/v1/portal/login', { token });
    expect(login.status, login.text).toBe(200);
    expect(login.body.data.client.name).toBe('Northwind Media');
    const again = await new TestClient(env.url).post('/api/v1/portal/login', { token });
    expect(again.status).toBe(401);
    const [v1] = await versionsOf(owner, (await deliverableNamed(owner, 'Picture lock')).id);
    const seen = (await portal.get(`/api/v1/versions/${v1!.id}/comments`)).body.data as Array<{
      visibility: string;
    }>;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((c) => c.visibility === 'client')).toBe(true);
  });

  it("Frame.io is connected to the sandbox, the cut is sent with a review link in the portal, and a reviewer's comment synced back", async () => {
    const card = (await owner.get('/api/v1/integrations/frameio')).body.data;
    expect(card).toMatchObject({ mode: 'sandbox', status: 'active' });
    expect(card.workspace.id).toBeTruthy();
    const cut = await deliverableNamed(owner, "Director's cut");
    const [v] = await versionsOf(owner, cut.id);
    const state = (await owner.get(`/api/v1/versions/${v!.id}/frameio`)).body.data;
    expect(state.review_link.short_url).toContain(running!.sandbox!.url);
    const threads = (await owner.get(`/api/v1/versions/${v!.id}/comments`)).body.data as PresentedThread[];
    expect(threads.find((c) => c.body === DEMO_REVIEWER_NOTE)).toMatchObject({
      source: 'frameio',
      frame: 45,
      timecode: '01:00:01;15',
      author: { type: 'external', name: 'Riley Reviewer' },
    });
    const portal = new TestClient(env.url);
    const link = (await owner.get('/api/v1/clients')).body.data.find(
      (c: { name: string }) => c.name === 'Northwind Media',
    );
    const users = (await owner.get(`/api/v1/clients/${link.id}/portal-users`)).body.data;
    expect(users.length).toBe(1);
    const rows = await running!.preroll.services.portal.magicLinkFor(running!.demo!.owner, users[0].id);
    await portal.post('/api/v1/portal/login', { token: new URL(rows.url).searchParams.get('token') });
    const list = (await portal.get(`/api/v1/portal/episodes/${cut.episode_id}/deliverables`)).body.data;
    const row = list.find((d: { id: string }) => d.id === cut.id);
    expect(row.review_links[0].short_url).toBe(state.review_link.short_url);
  });
});

describe('a second start and the reset', () => {
  it(
    'a second start changes nothing but the portal link',
    async () => {
      firstCounts = await countDemo(owner);
      expect(firstCounts).toMatchObject({ clients: 2, deliverables: 6, versions: 6, members: 2 });
      await running!.close();
      running = await env.start();
      owner = await loginWithPrinted(env.url, bannerValue(running.banner, 'demo login (owner):'));
      expect(await countDemo(owner)).toEqual(firstCounts);
      expect(running.demo?.created).toBe(false);
      const link = bannerValue(running.banner, "client portal (Northwind's Nora; works once, 15 minutes):");
      expect(link).not.toBe(firstPortalLink);
      expect(
        (
          await new TestClient(env.url).post('/api/v1/portal/login', {
            token: new URL(link).searchParams.get('token'),
          })
        ).status,
      ).toBe(200);
      expect((await owner.get('/api/v1/integrations/frameio')).body.data.status).toBe('active');
    },
    START_MS,
  );

  it(
    'the reset removes a SQLite demo data dir and the next start rebuilds it; on PostgreSQL it refuses',
    async () => {
      const orgBefore = running!.demo!.orgId;
      await running!.close();
      running = undefined;
      const outcome = await resetDemoDataDir(env.config);
      if (env.config.databaseUrl) {
        expect(outcome).toMatchObject({ kind: 'refused' });
        running = await env.start();
        expect(running.demo).toMatchObject({ created: false, orgId: orgBefore });
        return;
      }
      expect(outcome).toMatchObject({ kind: 'reset' });
      running = await env.start();
      expect(running.demo?.created).toBe(true);
      expect(running.demo?.orgId).not.toBe(orgBefore);
      // The clips' cache outlives the reset: the rebuild makes no new media.
      expect(running.demo?.media).toMatchObject({ kind: 'cached', textBurnedIn: true });
      owner = await loginWithPrinted(env.url, bannerValue(running.banner, 'demo login (owner):'));
      expect(await countDemo(owner)).toEqual(firstCounts);
    },
    START_MS,
  );
});

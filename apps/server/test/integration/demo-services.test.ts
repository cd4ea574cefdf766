import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberActor } from '../../src/lib/actor.ts';
import { settleVersion } from '../helpers/factories.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { countInOrg, makeTree, type Owner } from './domain-fixtures.ts';

/**
 * The service methods the demo studio builds on, which hand the server what a person would get by
 * upload or by mail: a version from a local file, a portal link, an invitation token.
 */
let app: TestApp;
let a: Owner;
let b: Owner;
let clip: string;

const actorOf = (o: Owner, role: MemberActor['role'] = 'owner'): MemberActor => ({
  kind: 'member',
  userId: o.userId,
  name: 'Owner',
  orgId: o.orgId,
  role,
  via: 'session',
});

beforeAll(async () => {
  app = await startTestApp();
  a = await signUp(app);
  b = await signUp(app);
  clip = path.join(app.dataDir, 'one-second.mp4');
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=160x90:rate=25:duration=1',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    clip,
  ]);
});
afterAll(async () => {
  await app?.close();
});

const localFiles = () => {
  const dir = path.join(app.dataDir, 'uploads', 'local');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

describe('VersionService.addFromFile', () => {
  it("another organization's deliverable → 404 not_found, and no version row or stored file is written", async () => {
    const tree = await makeTree(b.client);
    const before = localFiles().length;
    const err = await app.preroll.services.versions
      .addFromFile(actorOf(a), tree.deliverable.id, {
        path: clip,
        filename: 'x.mp4',
        contentType: 'video/mp4',
      })
      .catch((e) => e);
    expect(err).toMatchObject({ status: 404, code: 'not_found' });
    expect(await countInOrg(app, 'deliverable_versions', b.orgId)).toBe(0);
    expect(await countInOrg(app, 'deliverable_versions', a.orgId)).toBe(0);
    expect(localFiles().length).toBe(before);
  });

  it('a local file becomes a numbered, analysed version whose bytes stream back as uploaded', async () => {
    const tree = await makeTree(a.client);
    const version = await app.preroll.services.versions.addFromFile(actorOf(a), tree.deliverable.id, {
      path: clip,
      filename: 'one-second.mp4',
      contentType: 'video/mp4',
    });
    // Created `processing` with its analysis job queued, as a finished upload is.
    expect(version.status).toBe('processing');
    await settleVersion(app, version.id);
    const got = await a.client.get(`/api/v1/versions/${version.id}`);
    expect(got.body.data).toMatchObject({
      number: 1,
      status: 'ready',
      frame_rate: '25/1',
      duration_frames: 25,
    });
    const media = await fetch(`${app.url}/api/v1/versions/${version.id}/media`, {
      headers: { cookie: `preroll_session=${a.client.cookie('preroll_session')}` },
    });
    expect(Buffer.from(await media.arrayBuffer()).equals(fs.readFileSync(clip))).toBe(true);
  });
});

describe('PortalService.magicLinkFor and TeamService.invitationTokenFor', () => {
  it("another organization's portal user → 404 not_found, and no link is made", async () => {
    const tree = await makeTree(b.client);
    const user = await b.client.post(`/api/v1/clients/${tree.client.id}/portal-users`, {
      email: 'contact@b.example',
      name: 'B Contact',
    });
    expect(user.status).toBe(201);
    const err = await app.preroll.services.portal.magicLinkFor(actorOf(a), user.body.data.id).catch((e) => e);
    expect(err).toMatchObject({ status: 404, code: 'not_found' });
    expect(await countInOrg(app, 'magic_links', b.orgId)).toBe(0);
    expect(await countInOrg(app, 'magic_links', a.orgId)).toBe(0);
  });

  it('the link signs the contact in once and is not mailed', async () => {
    const tree = await makeTree(a.client);
    const user = await a.client.post(`/api/v1/clients/${tree.client.id}/portal-users`, {
      email: 'contact@a.example',
      name: 'A Contact',
    });
    const link = await app.preroll.services.portal.magicLinkFor(actorOf(a), user.body.data.id);
    expect(link.url.startsWith(`${app.config.publicUrl}/portal/login?token=`)).toBe(true);
    const token = new URL(link.url).searchParams.get('token');
    expect((await app.client().post('/api/v1/portal/login', { token })).status).toBe(200);
    expect((await app.client().post('/api/v1/portal/login', { token })).status).toBe(401);
    expect(await app.preroll.store.mail.listTo('contact@a.example', 10)).toHaveLength(0);
  });

  it('a member asking for an invitation token → 403 forbidden, and no invitation is written', async () => {
    const err = await app.preroll.services.team
      .invitationTokenFor(actorOf(a, 'member'), { email: 'new@a.example', role: 'member' })
      .catch((e) => e);
    expect(err).toMatchObject({ status: 403, code: 'forbidden' });
    expect(await countInOrg(app, 'invitations', a.orgId)).toBe(0);
  });

  it('an owner’s token is accepted like a mailed one, and nothing is mailed', async () => {
    const token = await app.preroll.services.team.invitationTokenFor(actorOf(a), {
      email: 'sam@a.example',
      role: 'member',
    });
    const accepted = await app.client().post('/api/v1/invitations/accept', {
      token,
      name: 'Sam',
      password: 'member password 1',
    });
    expect(accepted.status, accepted.text).toBe(200);
    expect(await app.preroll.store.mail.listTo('sam@a.example', 10)).toHaveLength(0);
  });
});

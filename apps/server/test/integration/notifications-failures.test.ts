import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, tusUpload } from '../helpers/factories.ts';
import type { TestClient } from '../helpers/http-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { joinAs, makeUmbrellaClient, type Owner } from './domain-fixtures.ts';
import { sources } from './media-pipeline-fixtures.ts';
import { clock, deliverAll, inboxOf, runDueJobs } from './notifications-fixtures.ts';

/**
 * A failed upload reaches the team (docs/notifications.md, "Who receives what"): the watchers,
 * and the member who uploaded (a failure has no person behind it, so its starter is told too);
 * never a member who neither watches nor uploaded; once per failed run even when the jobs run
 * twice. Real ffprobe on a file that is not media; real ffmpeg missing for the proxy.
 */
interface Team {
  app: TestApp;
  owner: Owner;
  uploader: { client: TestClient; apiKey: string };
  bystander: TestClient;
  tmp: string;
}

async function team(env: Record<string, string> = {}): Promise<Team> {
  const app = await startTestApp(env, { clock });
  const owner = await signUp(app, { name: 'Pat Producer' });
  const uploaderClient = await joinAs(app, owner, 'admin');
  const bystander = await joinAs(app, owner, 'member');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-notify-fail-'));
  return {
    app,
    owner,
    uploader: { client: uploaderClient, apiKey: await createApiKey(uploaderClient) },
    bystander,
    tmp,
  };
}

/** The owner creates the deliverable (and so watches it); the uploader sends a file to it. */
async function uploadAs(t: Team, title: string, bytes: Buffer, filename: string) {
  const w = await makeUmbrellaClient(t.owner.client, { cut: [title, []] });
  const { versionId } = await tusUpload(t.app, bytes, {
    apiKey: t.uploader.apiKey,
    metadata: { deliverable_id: w.cut, filename },
    analyse: false,
  });
  if (!versionId) throw new Error('no version');
  await runDueJobs(t.app, { types: ['versions.analyze'] });
  return versionId;
}

const failures = async (c: TestClient) => (await inboxOf(c)).data.filter((n) => n.kind === 'failure');

let plain: Team;
let noFfmpeg: Team;
beforeAll(async () => {
  plain = await team();
  noFfmpeg = await team({ FFMPEG_PATH: '/nonexistent/ffmpeg' });
});
afterAll(async () => {
  for (const t of [plain, noFfmpeg]) {
    await t?.app.close();
    if (t) fs.rmSync(t.tmp, { recursive: true, force: true });
  }
});

describe('an upload whose analysis failed', () => {
  it('tells the watcher and the uploader once each (jobs run twice); not a member who did neither', async () => {
    const bytes = Buffer.from('this is a script, not a movie\n'.repeat(100));
    const versionId = await uploadAs(plain, 'Full episode cut', bytes, 'notes.txt');
    const version = (await plain.owner.client.get(`/api/v1/versions/${versionId}`)).body.data;
    expect(version.status).toBe('failed');
    await deliverAll(plain.app, { times: 2 });

    const title = 'The upload of Full episode cut v1 (notes.txt) could not be analysed';
    for (const c of [plain.owner.client, plain.uploader.client]) {
      const got = await failures(c);
      expect(got.map((n) => n.title)).toEqual([title]);
      expect(got[0]!.excerpt).toBe(version.probe_error);
    }
    expect(await failures(plain.bystander)).toEqual([]);
    const rows = await plain.app.preroll.db
      .selectFrom('notifications')
      .select(['recipient_id', 'event_key'])
      .where('title', '=', title)
      .execute();
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.event_key)).size).toBe(1);
    // The email goes out too (immediately is the default), once per person.
    const mails = await plain.app.preroll.store.mail.listTo(plain.owner.email, 100);
    expect(mails.filter((m) => m.body_text.includes(title))).toHaveLength(1);
  });
});

describe('a proxy that could not be made', { timeout: 120_000 }, () => {
  it('tells the watcher and the uploader with the readable reason; a second run of the same job tells nobody again', async () => {
    const source = await sources.prores2997df(noFfmpeg.tmp);
    const versionId = await uploadAs(noFfmpeg, 'Trailer', fs.readFileSync(source), 'prores.mov');
    await runDueJobs(noFfmpeg.app, { types: ['versions.proxy'], times: 2 });
    const version = (await noFfmpeg.owner.client.get(`/api/v1/versions/${versionId}`)).body.data;
    expect(version).toMatchObject({ status: 'ready', proxy_status: 'failed' });
    await deliverAll(noFfmpeg.app, { times: 2 });

    for (const c of [noFfmpeg.owner.client, noFfmpeg.uploader.client]) {
      const got = await failures(c);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({
        title: 'No playable copy could be made of Trailer v1',
        excerpt: 'ffmpeg is not available on this server, so no playable copy could be made.',
      });
    }
    expect(await failures(noFfmpeg.bystander)).toEqual([]);
  });
});

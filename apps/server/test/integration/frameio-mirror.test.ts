import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseStream } from '../helpers/sse-client.ts';
import { signUp } from '../helpers/test-app.ts';
import {
  joinAs,
  magicLinkFor,
  makeClient,
  makeDeliverable,
  makeEpisode,
  makeShow,
  portalLogin,
} from './domain-fixtures.ts';
import { connectActive } from './frameio-fixtures.ts';
import {
  addVersionWithFile,
  links,
  projectsNamed,
  type ReviewEnv,
  SEED_IDS,
  sandboxGet,
  sandboxSend,
  startReviewEnv,
  subfolders,
  waitFor,
} from './frameio-review-fixtures.ts';

let t: ReviewEnv;
let stopWorker: () => Promise<void>;
beforeAll(async () => {
  t = await startReviewEnv();
  stopWorker = t.app.preroll.startWorker();
});
afterAll(async () => {
  await stopWorker?.();
  await t?.close();
});

const uniq = () => Math.random().toString(36).slice(2, 8);
type Owner = Awaited<ReturnType<typeof signUp>>;

async function connectedOwner(): Promise<Owner> {
  const owner = await signUp(t.app);
  await connectActive(t, owner.client);
  return owner;
}

async function tree(owner: Owner, titles: { show?: string; episode?: string } = {}) {
  const client = await makeClient(owner.client, { name: `Client ${uniq()}` });
  const show = await makeShow(owner.client, client.id, { title: titles.show ?? `Show ${uniq()}` });
  const episode = await makeEpisode(owner.client, show.id, { title: titles.episode ?? `Episode ${uniq()}` });
  const deliverable = await makeDeliverable(owner.client, episode.id, { title: `Cut ${uniq()}` });
  return { client, show, episode, deliverable };
}

async function sendAndWait(owner: Owner, versionId: string, until: 'uploaded' | 'transcoded' = 'transcoded') {
  const sent = await owner.client.post(`/api/v1/versions/${versionId}/frameio`);
  expect(sent.status, sent.text).toBe(202);
  return waitFor(`version ${versionId} ${until}`, async () => {
    const s = await owner.client.get(`/api/v1/versions/${versionId}/frameio`);
    expect(s.status).toBe(200);
    if (s.body.data.status === 'failed')
      throw new Error(`upload failed: ${JSON.stringify(s.body.data.error)}`);
    const done = until === 'uploaded' ? ['uploaded', 'transcoded'] : ['transcoded'];
    return done.includes(s.body.data.status) && s.body.data.review_link ? s.body.data : undefined;
  });
}

const linkOf = async (orgId: string, localId: string, remoteType: string) =>
  (await links(t.app, orgId)).find((l) => l.local_id === localId && l.remote_type === remoteType);

describe('mirroring', () => {
  it('Send mirrors show → project, episode → folder, version → file, once; a lost link write finds the objects by name', async () => {
    const owner = await connectedOwner();
    const { show, episode, deliverable } = await tree(owner);
    const v1 = await addVersionWithFile(t.app, owner.orgId, deliverable.id, 4096);
    const state = await sendAndWait(owner, v1.id);
    expect(state.remote_file_id).toBeTruthy();
    expect(state.view_url).toBeTruthy();
    expect(state.bytes_done).toBe(4096);
    expect(state.percent).toBe(100);

    const projects = await projectsNamed(t, String(show.title));
    expect(projects).toHaveLength(1);
    const folders = await subfolders(t, projects[0]!.root_folder_id);
    expect(folders.map((f) => f.name)).toEqual([episode.title]);
    const file = await sandboxGet(t, `/v4/accounts/${SEED_IDS.accountId}/files/${state.remote_file_id}`);
    expect(file.body.data.parent_id).toBe(folders[0]!.id);
    expect(file.body.data.name).toBe(`${deliverable.title} v1.mp4`);

    // Send again: same job (idempotency key), nothing new remotely.
    const again = await owner.client.post(`/api/v1/versions/${v1.id}/frameio`);
    expect(again.status).toBe(202);
    expect(again.body.data.status).toBe('transcoded');
    const jobs = await t.app.preroll.db
      .selectFrom('jobs')
      .select('id')
      .where('type', '=', 'frameio.upload-version')
      .where('org_id', '=', owner.orgId)
      .execute();
    expect(jobs).toHaveLength(1);

    // A crash between the remote create and the link write: the links are gone, the objects stay.
    const before = await links(t.app, owner.orgId);
    await t.app.preroll.db
      .deleteFrom('frameio_links')
      .where('org_id', '=', owner.orgId)
      .where('local_type', 'in', ['show', 'episode'])
      .execute();
    await t.app.preroll.frameio.uploads.mirrorTreeJob(owner.orgId, episode.id, {
      signal: new AbortController().signal,
    } as never);
    expect(await projectsNamed(t, String(show.title))).toHaveLength(1);
    expect(await subfolders(t, projects[0]!.root_folder_id)).toHaveLength(1);
    const after = await links(t.app, owner.orgId);
    const ids = (rows: typeof before) =>
      rows.map((l) => `${l.local_type}:${l.remote_type}:${l.remote_id}`).sort();
    expect(ids(after)).toEqual(ids(before));
  });

  it('reuses same-named project and folder, auto-mirrors on deliverable create, renames follow, a deleted project is recreated', async () => {
    const owner = await connectedOwner();
    const showTitle = `Reuse ${uniq()}`;
    const epTitle = `Ep ${uniq()}`;
    const existing = await sandboxSend(
      t,
      'POST',
      `/v4/accounts/${SEED_IDS.accountId}/workspaces/${SEED_IDS.workspaceId}/projects`,
      { name: showTitle },
    );
    expect(existing.status).toBe(201);
    const existingFolder = await sandboxSend(
      t,
      'POST',
      `/v4/accounts/${SEED_IDS.accountId}/folders/${existing.body.data.root_folder_id}/folders`,
      { name: epTitle },
    );
    expect(existingFolder.status).toBe(201);

    expect(
      (await owner.client.patch('/api/v1/integrations/frameio/settings', { auto_mirror: true })).status,
    ).toBe(200);
    const { show, episode } = await tree(owner, { show: showTitle, episode: epTitle });
    const folderLink = await waitFor('auto mirror', () => linkOf(owner.orgId, episode.id, 'folder'));
    expect(folderLink.remote_id).toBe(existingFolder.body.data.id);
    expect((await linkOf(owner.orgId, show.id, 'project'))!.remote_id).toBe(existing.body.data.id);
    expect(await projectsNamed(t, showTitle)).toHaveLength(1);
    expect(await subfolders(t, existing.body.data.root_folder_id)).toHaveLength(1);

    // Renames in preroll rename the project and the folder.
    const renamedShow = `${showTitle} (renamed)`;
    const renamedEp = `${epTitle} (renamed)`;
    expect((await owner.client.patch(`/api/v1/shows/${show.id}`, { title: renamedShow })).status).toBe(200);
    expect((await owner.client.patch(`/api/v1/episodes/${episode.id}`, { title: renamedEp })).status).toBe(
      200,
    );
    await waitFor('project renamed', async () => (await projectsNamed(t, renamedShow)).length === 1);
    await waitFor('folder renamed', async () =>
      (await subfolders(t, existing.body.data.root_folder_id)).some((f) => f.name === renamedEp),
    );
    expect(await projectsNamed(t, showTitle)).toHaveLength(0);

    // The project is deleted in Frame.io: the next Send recreates project and folder, relinked.
    const del = await sandboxSend(
      t,
      'DELETE',
      `/v4/accounts/${SEED_IDS.accountId}/projects/${existing.body.data.id}`,
    );
    expect(del.status).toBe(204);
    const deliverable2 = await makeDeliverable(owner.client, episode.id, { title: `Cut ${uniq()}` });
    const v = await addVersionWithFile(t.app, owner.orgId, deliverable2.id, 2048);
    // The auto-mirror job of deliverable2 may run first (trusting links); the upload verifies them.
    await sendAndWait(owner, v.id, 'uploaded');
    const recreated = await projectsNamed(t, renamedShow);
    expect(recreated).toHaveLength(1);
    expect(recreated[0]!.id).not.toBe(existing.body.data.id);
    expect((await linkOf(owner.orgId, show.id, 'project'))!.remote_id).toBe(recreated[0]!.id);
    expect((await subfolders(t, recreated[0]!.root_folder_id)).map((f) => f.name)).toEqual([renamedEp]);
  });

  it('versions of a deliverable form one version stack, oldest first', async () => {
    const owner = await connectedOwner();
    const { episode, deliverable } = await tree(owner);
    const versions = [];
    for (let i = 0; i < 3; i++) {
      const v = await addVersionWithFile(t.app, owner.orgId, deliverable.id, 1024 + i);
      await sendAndWait(owner, v.id, 'uploaded');
      versions.push(v);
    }
    const stack = await linkOf(owner.orgId, deliverable.id, 'version_stack');
    expect(stack).toBeTruthy();
    const children = await sandboxGet(
      t,
      `/v4/accounts/${SEED_IDS.accountId}/version_stacks/${stack!.remote_id}/children`,
    );
    expect(children.body.data.map((f: { name: string }) => f.name)).toEqual([
      `${deliverable.title} v1.mp4`,
      `${deliverable.title} v2.mp4`,
      `${deliverable.title} v3.mp4`,
    ]);
    // The Deliverables tab reads every version's state at once.
    const all = await owner.client.get(`/api/v1/deliverables/${deliverable.id}/frameio`);
    expect(all.status).toBe(200);
    expect(all.body.data.map((s: { version_id: string }) => s.version_id)).toEqual(versions.map((v) => v.id));
    expect(all.body.data.every((s: { review_link: unknown }) => s.review_link !== null)).toBe(true);
    const folder = await linkOf(owner.orgId, episode.id, 'folder');
    const loose = await sandboxGet(
      t,
      `/v4/accounts/${SEED_IDS.accountId}/folders/${folder!.remote_id}/children`,
    );
    expect(loose.body.data.map((a: { type: string }) => a.type)).toEqual(['version_stack']);
  });
});

describe('review links', () => {
  it('appear in the portal of the deliverable’s client only, with the chosen share settings', async () => {
    const owner = await connectedOwner();
    const a = await tree(owner);
    const b = await tree(owner);
    const portalA = await portalLogin(t.app, (await magicLinkFor(t.app, owner.client, a.client.id)).token);
    const portalB = await portalLogin(t.app, (await magicLinkFor(t.app, owner.client, b.client.id)).token);
    const sse = (c: typeof portalA) =>
      SseStream.open(`${t.app.url}/api/v1/events`, {
        cookie: `preroll_session=${c.cookie('preroll_session')}`,
      });
    const [streamA, streamB, streamTeam] = [await sse(portalA), await sse(portalB), await sse(owner.client)];
    try {
      for (const d of [a.deliverable, b.deliverable]) {
        const v = await addVersionWithFile(t.app, owner.orgId, d.id, 1000);
        expect((await owner.client.post(`/api/v1/deliverables/${d.id}/submit`, {})).status).toBe(200);
        if (d === a.deliverable) await sendAndWait(owner, v.id, 'uploaded');
      }
      // Realtime: the link reaches client A's portal; client B hears nothing; upload progress and
      // state stay with the team.
      const pushed = await streamA.waitFor((m) => m.type === 'frameio.review_link.created');
      expect(pushed.data).toMatchObject({ deliverable_id: a.deliverable.id, client_id: a.client.id });
      await streamTeam.waitFor((m) => m.type === 'frameio.upload.state');
      await streamTeam.waitFor((m) => m.type === 'frameio.upload.progress');
      expect(streamB.messages.filter((m) => m.type.startsWith('frameio.'))).toEqual([]);
      expect(
        streamA.messages.filter(
          (m) => m.type.startsWith('frameio.') && m.type !== 'frameio.review_link.created',
        ),
      ).toEqual([]);
    } finally {
      for (const st of [streamA, streamB, streamTeam]) st.close();
    }
    const aVersion = (
      await t.app.preroll.db
        .selectFrom('deliverable_versions')
        .select('id')
        .where('deliverable_id', '=', a.deliverable.id)
        .executeTakeFirstOrThrow()
    ).id;
    const state = (await owner.client.get(`/api/v1/versions/${aVersion}/frameio`)).body.data;
    expect(state.review_link.short_url).toMatch(/\/s\/[A-Za-z0-9]{8}$/);
    expect(state.review_link.downloads_enabled).toBe(false);

    const listA = await portalA.get(`/api/v1/portal/episodes/${a.episode.id}/deliverables`);
    expect(listA.status).toBe(200);
    expect(listA.body.data[0].review_links).toEqual([
      { version_number: 1, short_url: state.review_link.short_url, expires_at: null },
    ]);
    // Client B: A's episode does not exist for them, and their own list carries no link of A's.
    expect((await portalB.get(`/api/v1/portal/episodes/${a.episode.id}/deliverables`)).status).toBe(404);
    const listB = await portalB.get(`/api/v1/portal/episodes/${b.episode.id}/deliverables`);
    expect(listB.status).toBe(200);
    expect(listB.body.data[0].review_links).toEqual([]);
    expect(listB.text).not.toContain(state.review_link.short_url);

    // New settings: a new share replaces the link.
    const expires = new Date(Date.now() + 7 * 86400_000).toISOString();
    const shared = await owner.client.post(`/api/v1/versions/${aVersion}/frameio/share`, {
      passphrase: 'open sesame',
      expires_at: expires,
      downloads: true,
    });
    expect(shared.status, shared.text).toBe(201);
    expect(shared.body.data.review_link).toMatchObject({
      passphrase_protected: true,
      downloads_enabled: true,
      expires_at: expires,
    });
    expect(shared.body.data.review_link.short_url).not.toBe(state.review_link.short_url);
    const relisted = await portalA.get(`/api/v1/portal/episodes/${a.episode.id}/deliverables`);
    expect(relisted.body.data[0].review_links[0].short_url).toBe(shared.body.data.review_link.short_url);
  });

  it('share settings are validated; sharing before the upload is a 409', async () => {
    const owner = await connectedOwner();
    const { deliverable } = await tree(owner);
    const v = await addVersionWithFile(t.app, owner.orgId, deliverable.id, 100);
    const unknown = await owner.client.post(`/api/v1/versions/${v.id}/frameio/share`, { password: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unknown_field_password');
    const badDate = await owner.client.post(`/api/v1/versions/${v.id}/frameio/share`, {
      expires_at: 'tomorrow',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.code).toBe('invalid_expires_at');
    const early = await owner.client.post(`/api/v1/versions/${v.id}/frameio/share`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('frameio_not_uploaded');
    expect(
      await t.app.preroll.db
        .selectFrom('frameio_review_links')
        .selectAll()
        .where('version_id', '=', v.id)
        .execute(),
    ).toEqual([]);
  });
});

describe('settings and access', () => {
  it('members read the auto-mirror setting, only admins change it, bodies are validated', async () => {
    const owner = await signUp(t.app);
    const member = await joinAs(t.app, owner, 'member');
    expect((await member.get('/api/v1/integrations/frameio/settings')).body.data).toEqual({
      auto_mirror: false,
      sync_internal_comments: false,
    });
    // Members send versions (not connected yet: the upload waits for the connection).
    const { deliverable } = await tree(owner);
    const v = await addVersionWithFile(t.app, owner.orgId, deliverable.id, 10);
    const sent = await member.post(`/api/v1/versions/${v.id}/frameio`);
    expect(sent.status).toBe(202);
    expect(sent.body.data.status).toBe('waiting_for_reconnect');
    const denied = await member.patch('/api/v1/integrations/frameio/settings', { auto_mirror: true });
    expect(denied.status).toBe(403);
    const bad = await owner.client.patch('/api/v1/integrations/frameio/settings', { auto_mirror: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_auto_mirror');
    const extra = await owner.client.patch('/api/v1/integrations/frameio/settings', {
      auto_mirror: true,
      x: 1,
    });
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('unknown_field_x');
    expect((await member.get('/api/v1/integrations/frameio/settings')).body.data).toEqual({
      auto_mirror: false,
      sync_internal_comments: false,
    });
    expect(
      (await owner.client.patch('/api/v1/integrations/frameio/settings', { auto_mirror: true })).body.data,
    ).toEqual({
      auto_mirror: true,
      sync_internal_comments: false,
    });
    // One setting at a time: the other keeps its value; an empty body is refused.
    expect(
      (await owner.client.patch('/api/v1/integrations/frameio/settings', { sync_internal_comments: true }))
        .body.data,
    ).toEqual({ auto_mirror: true, sync_internal_comments: true });
    const empty = await owner.client.patch('/api/v1/integrations/frameio/settings', {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('invalid_body');
  });

  it('another organization’s version is a 404; without a connection the upload waits for it', async () => {
    const owner = await signUp(t.app);
    const stranger = await signUp(t.app);
    const { deliverable } = await tree(owner);
    const v = await addVersionWithFile(t.app, owner.orgId, deliverable.id, 100);
    for (const [m, p] of [
      ['GET', ''],
      ['POST', ''],
      ['POST', '/retry'],
      ['POST', '/share'],
    ] as const) {
      const res = await stranger.client.request(
        m,
        `/api/v1/versions/${v.id}/frameio${p}`,
        m === 'POST' ? {} : undefined,
      );
      expect(res.status, `${m} ${p}`).toBe(404);
    }
    expect((await stranger.client.get(`/api/v1/deliverables/${deliverable.id}/frameio`)).status).toBe(404);
    expect(
      await t.app.preroll.db
        .selectFrom('frameio_uploads')
        .selectAll()
        .where('version_id', '=', v.id)
        .execute(),
    ).toEqual([]);
    const sent = await owner.client.post(`/api/v1/versions/${v.id}/frameio`);
    expect(sent.status).toBe(202);
    const waiting = await waitFor('parked', async () => {
      const s = (await owner.client.get(`/api/v1/versions/${v.id}/frameio`)).body.data;
      const parked = await t.app.preroll.db
        .selectFrom('frameio_waiting_jobs')
        .selectAll()
        .where('org_id', '=', owner.orgId)
        .execute();
      return parked.length === 1 ? s : undefined;
    });
    expect(waiting.status).toBe('waiting_for_reconnect');
    expect(waiting.error.code).toBe('waiting_for_reconnect');
    // Connecting resumes the parked job: the upload completes.
    await connectActive(t, owner.client);
    const done = await waitFor('resumed upload', async () => {
      const s = (await owner.client.get(`/api/v1/versions/${v.id}/frameio`)).body.data;
      return s.status === 'uploaded' || s.status === 'transcoded' ? s : undefined;
    });
    expect(done.bytes_done).toBe(100);
  });
});

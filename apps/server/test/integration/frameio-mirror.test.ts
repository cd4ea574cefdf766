import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../helpers/test-app.ts';
import { joinAs, makeDeliverable } from './domain-fixtures.ts';
import { connectActive } from './frameio-fixtures.ts';
import { mirrorHelpers, uniq } from './frameio-mirror-fixtures.ts';
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

/** Mirroring shows, episodes and versions into Frame.io projects, folders and files; its settings. */
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

const { connectedOwner, tree, sendAndWait, linkOf } = mirrorHelpers(() => t);

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

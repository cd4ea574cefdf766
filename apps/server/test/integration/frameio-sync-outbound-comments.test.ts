import { describe, expect, it } from 'vitest';
import {
  linkedVersion,
  localComments,
  remoteComments,
  settle,
  useSyncEnv,
  waitFor,
} from './frameio-sync-fixtures.ts';

/** Two-way comment sync, preroll → Frame.io: client-visible comments, and internal ones. */
const t = useSyncEnv();

const db = () => t.app.preroll.db;

describe('comments: preroll → Frame.io', () => {
  it('a client-visible comment appears in the sandbox at framestamp = frame + 1 exactly once, the echo creates no duplicate; edit and delete follow', async () => {
    const { owner, versionId, fileId } = await linkedVersion(t);
    const posted = await owner.client.post(`/api/v1/versions/${versionId}/comments`, {
      body: 'Color is off here',
      frame: 20,
    });
    expect(posted.status, posted.text).toBe(201);
    const remote = await waitFor('remote comment', async () =>
      (await remoteComments(t, fileId)).find((c) => c.text === 'Color is off here'),
    );
    expect(remote.timestamp).toBe(21);
    await settle(t);
    expect((await remoteComments(t, fileId)).filter((c) => c.text === 'Color is off here')).toHaveLength(1);
    expect(await localComments(owner, versionId)).toHaveLength(1);
    const sync = await owner.client.get(`/api/v1/versions/${versionId}/frameio/comment-sync`);
    expect(sync.body.data).toEqual([
      expect.objectContaining({ comment_id: posted.body.data.id, state: 'synced' }),
    ]);

    const internal = await owner.client.post(`/api/v1/versions/${versionId}/comments`, {
      body: 'internal note',
      frame: 3,
      visibility: 'internal',
    });
    expect(internal.status).toBe(201);

    const edited = await owner.client.request('PATCH', `/api/v1/comments/${posted.body.data.id}`, {
      body: 'Color is way off',
    });
    expect(edited.status, edited.text).toBe(200);
    await waitFor('remote edit', async () =>
      (await remoteComments(t, fileId)).some((c) => c.id === remote.id && c.text === 'Color is way off'),
    );
    const deleted = await owner.client.request('DELETE', `/api/v1/comments/${posted.body.data.id}`);
    expect(deleted.status).toBe(204);
    await waitFor(
      'remote delete',
      async () => !(await remoteComments(t, fileId)).some((c) => c.id === remote.id),
    );
    await settle(t);
    expect((await remoteComments(t, fileId)).map((c) => c.text)).toEqual([]);
    expect((await localComments(owner, versionId)).map((c) => c.body)).toEqual(['internal note']);
  });
});

describe('internal comments', () => {
  it('stay in preroll by default; with frameio_sync_internal_comments they are pushed too, and making one internal removes it', async () => {
    const { owner, versionId, fileId } = await linkedVersion(t);
    const a = await owner.client.post(`/api/v1/versions/${versionId}/comments`, {
      body: 'team only',
      frame: 1,
      visibility: 'internal',
    });
    expect(a.status).toBe(201);
    const c = await owner.client.post(`/api/v1/versions/${versionId}/comments`, {
      body: 'for the client',
      frame: 2,
    });
    await waitFor('client comment pushed', async () =>
      (await remoteComments(t, fileId)).some((x) => x.text === 'for the client'),
    );
    await settle(t);
    expect((await remoteComments(t, fileId)).map((x) => x.text)).toEqual(['for the client']);
    const turnedOn = await owner.client.patch('/api/v1/integrations/frameio/settings', {
      sync_internal_comments: true,
    });
    expect(turnedOn.body.data).toMatchObject({ sync_internal_comments: true });
    const b = await owner.client.post(`/api/v1/versions/${versionId}/comments`, {
      body: 'team only 2',
      frame: 3,
      visibility: 'internal',
    });
    expect(b.status).toBe(201);
    await waitFor('internal pushed', async () =>
      (await remoteComments(t, fileId)).some((x) => x.text === 'team only 2'),
    );
    await db()
      .updateTable('organizations')
      .set({ settings_json: '{}' })
      .where('id', '=', owner.orgId)
      .execute();
    const hidden = await owner.client.request('PATCH', `/api/v1/comments/${c.body.data.id}`, {
      visibility: 'internal',
    });
    expect(hidden.status, hidden.text).toBe(200);
    await waitFor(
      'made-internal comment removed',
      async () => !(await remoteComments(t, fileId)).some((x) => x.text === 'for the client'),
    );
    await settle(t);
    expect(await localComments(owner, versionId)).toHaveLength(3);
  });
});

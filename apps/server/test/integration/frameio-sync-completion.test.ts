import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  linkedVersion,
  remoteComments,
  SEED_IDS,
  type SyncEnv,
  sandboxApi,
  settle,
  startSyncEnv,
  waitFor,
} from './frameio-sync-fixtures.ts';

/** Complete / reopen and ranges, both ways with Frame.io (comment `completed`, `duration`). */
let t: SyncEnv;
/** The worker restarted by a test that held it stopped (the env's own stop is spent then). */
let restarted: (() => Promise<void>) | undefined;
beforeAll(async () => {
  t = await startSyncEnv();
});
// Two stops in a row (the restarted worker, then the app and the sandbox): under a full parallel
// suite on PostgreSQL they have outlasted the 60 s default hook limit (docs/jobs-and-realtime.md, shutdown).
afterAll(async () => {
  await restarted?.();
  await t?.close();
}, 180_000);

interface RemoteFull {
  id: string;
  text: string;
  timestamp: number | null;
  duration: number | null;
  completed_at: string | null;
}
const remoteFull = async (fileId: string) => (await remoteComments(t, fileId)) as unknown as RemoteFull[];

async function updateCalls(): Promise<number> {
  const metric = t.app.preroll.metrics.registry.getSingleMetric('preroll_frameio_requests_total');
  const values = (await metric?.get())?.values ?? [];
  return values.filter((v) => v.labels.operation === 'comments.update').reduce((n, v) => n + v.value, 0);
}

const local = async (
  owner: { client: { get(p: string): Promise<{ body: { data: unknown } }> } },
  versionId: string,
) =>
  (await owner.client.get(`/api/v1/versions/${versionId}/comments`)).body.data as Array<{
    id: string;
    body: string;
    frame: number | null;
    duration_frames: number | null;
    completed: boolean;
    completed_by: { type: string; name: string } | null;
  }>;

describe('completion and ranges: preroll → Frame.io', () => {
  it('a range is created with its duration; done, reopened and re-ranged here follow in Frame.io', async () => {
    const { owner, versionId, fileId } = await linkedVersion(t);
    const posted = await owner.client.post(`/api/v1/versions/${versionId}/comments`, {
      body: 'Dip in the music',
      frame: 4,
      duration_frames: 6,
    });
    expect(posted.status, posted.text).toBe(201);
    const id = posted.body.data.id as string;
    const remote = await waitFor('remote range', async () =>
      (await remoteFull(fileId)).find((c) => c.text === 'Dip in the music'),
    );
    expect(remote).toMatchObject({ timestamp: 5, duration: 6, completed_at: null });
    await settle(t);

    await owner.client.request('PATCH', `/api/v1/comments/${id}`, { completed: true });
    await waitFor('remote done', async () =>
      (await remoteFull(fileId)).some((c) => c.id === remote.id && c.completed_at !== null),
    );
    await owner.client.request('PATCH', `/api/v1/comments/${id}`, { completed: false });
    await waitFor('remote reopened', async () =>
      (await remoteFull(fileId)).some((c) => c.id === remote.id && c.completed_at === null),
    );
    await owner.client.request('PATCH', `/api/v1/comments/${id}`, { frame: 2, duration_frames: 3 });
    await waitFor('remote moved', async () =>
      (await remoteFull(fileId)).some((c) => c.id === remote.id && c.timestamp === 3 && c.duration === 3),
    );
    await settle(t);
    // Nothing came back as a change: the local comment is as preroll left it.
    expect((await local(owner, versionId)).find((c) => c.id === id)).toMatchObject({
      frame: 2,
      duration_frames: 3,
      completed: false,
    });
  });

  it('done and reopened again before the push runs costs no update call', async () => {
    const { owner, versionId, fileId } = await linkedVersion(t);
    const posted = await owner.client.post(`/api/v1/versions/${versionId}/comments`, {
      body: 'Flicker',
      frame: 1,
    });
    await waitFor('remote', async () => (await remoteFull(fileId)).some((c) => c.text === 'Flicker'));
    await settle(t);
    const before = await updateCalls();
    await t.stopWorker();
    const id = posted.body.data.id as string;
    await owner.client.request('PATCH', `/api/v1/comments/${id}`, { completed: true });
    await owner.client.request('PATCH', `/api/v1/comments/${id}`, { completed: false });
    restarted = t.app.preroll.startWorker();
    await settle(t);
    expect(await updateCalls()).toBe(before);
    expect((await remoteFull(fileId)).find((c) => c.text === 'Flicker')?.completed_at).toBeNull();
  });

  it('a burst of 12 completions under injected 429s converges: every one done in Frame.io, none dropped', async () => {
    const { owner, versionId, fileId } = await linkedVersion(t);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await owner.client.post(`/api/v1/versions/${versionId}/comments`, {
        body: `note ${i}`,
        frame: i,
      });
      ids.push(res.body.data.id);
    }
    await waitFor('all pushed', async () => (await remoteFull(fileId)).length === 12);
    await settle(t);
    t.sandbox.control.setFault({ operation: 'comments.update', status: 429, count: 3 });
    await Promise.all(
      ids.map((id) => owner.client.request('PATCH', `/api/v1/comments/${id}`, { completed: true })),
    );
    await waitFor(
      'all done in Frame.io',
      async () => (await remoteFull(fileId)).every((c) => c.completed_at !== null),
      90_000,
    );
    await settle(t, 60_000);
    expect(t.sandbox.control.listFaults()).toEqual([
      expect.objectContaining({ operation: 'comments.update', count: 0 }),
    ]);
    expect((await local(owner, versionId)).every((c) => c.completed)).toBe(true);
  }, 120_000);
});

describe('completion and ranges: Frame.io → preroll', () => {
  it('a reviewer resolving a preroll note marks it done here; their own comment’s range and completion follow', async () => {
    const { owner, versionId, fileId } = await linkedVersion(t);
    const posted = await owner.client.post(`/api/v1/versions/${versionId}/comments`, {
      body: 'Sky too blue',
      frame: 8,
    });
    const remote = await waitFor('remote', async () =>
      (await remoteFull(fileId)).find((c) => c.text === 'Sky too blue'),
    );
    await settle(t);
    const resolved = await sandboxApi(
      t,
      t.rileyToken,
      'PATCH',
      `/v4/accounts/${SEED_IDS.accountId}/comments/${remote.id}`,
      {
        completed: true,
      },
    );
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const done = await waitFor('local done', async () =>
      (await local(owner, versionId)).find((c) => c.id === posted.body.data.id && c.completed),
    );
    expect(done.completed_by).toMatchObject({ type: 'external', name: 'A Frame.io reviewer' });

    const made = await sandboxApi(
      t,
      t.rileyToken,
      'POST',
      `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}/comments`,
      {
        text: 'Hold this shot longer',
        timestamp: 11,
        duration: 4,
      },
    );
    expect(made.status).toBe(201);
    const theirs = await waitFor('local range', async () =>
      (await local(owner, versionId)).find((c) => c.body === 'Hold this shot longer'),
    );
    expect(theirs).toMatchObject({ frame: 10, duration_frames: 4, completed: false });
    await sandboxApi(
      t,
      t.rileyToken,
      'PATCH',
      `/v4/accounts/${SEED_IDS.accountId}/comments/${made.body.data.id}`,
      {
        duration: 8,
        completed: true,
      },
    );
    const changed = await waitFor('local follows', async () =>
      (await local(owner, versionId)).find(
        (c) => c.id === theirs.id && c.completed && c.duration_frames === 8,
      ),
    );
    expect(changed.completed_by).toMatchObject({ type: 'external', name: 'Riley Reviewer' });
    await settle(t);
    // Nothing echoed back as a second change in Frame.io.
    const after = (await remoteFull(fileId)).find((c) => c.id === made.body.data.id);
    expect(after).toMatchObject({ duration: 8 });
    expect(after?.completed_at).not.toBeNull();

    // Reopened here: Frame.io follows, for a reviewer's comment too (completion is open to everyone).
    await owner.client.request('PATCH', `/api/v1/comments/${theirs.id}`, { completed: false });
    await waitFor('remote reopened', async () =>
      (await remoteFull(fileId)).some((c) => c.id === made.body.data.id && c.completed_at === null),
    );
  });
});

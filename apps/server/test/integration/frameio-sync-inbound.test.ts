import { describe, expect, it } from 'vitest';
import { SseStream } from '../helpers/sse-client.ts';
import {
  linkedVersion,
  localComments,
  SEED_IDS,
  sandboxApi,
  settle,
  useSyncEnv,
  waitFor,
  webhookDeliveries,
} from './frameio-sync-fixtures.ts';

/** Two-way comment sync, Frame.io → preroll: comments made in Frame.io, and upload events. */
const t = useSyncEnv();

const db = () => t.app.preroll.db;
const deliveries = (orgId: string) => webhookDeliveries(t, orgId);

describe('comments: Frame.io → preroll', () => {
  it('a comment made in the sandbox by Riley appears once at frame = framestamp − 1, as Riley, source frameio, client-visible', async () => {
    const { owner, versionId, fileId } = await linkedVersion(t);
    const stream = await SseStream.open(`${t.app.url}/api/v1/events`, {
      cookie: `preroll_session=${owner.client.cookie('preroll_session')}`,
    });
    const made = await sandboxApi(
      t,
      t.rileyToken,
      'POST',
      `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}/comments`,
      {
        text: 'Trim the <b>intro</b>',
        timestamp: 13,
      },
    );
    expect(made.status).toBe(201);
    const got = await waitFor('local comment', async () =>
      (await localComments(owner, versionId)).find((c) => c.body === 'Trim the <b>intro</b>'),
    );
    expect(got.frame).toBe(12);
    expect(got.source).toBe('frameio');
    expect(got.author).toMatchObject({ type: 'external', name: 'Riley Reviewer' });
    expect(got.visibility).toBe('client');
    // Real time: an open browser hears about it over SSE.
    const event = await stream.waitFor((m) => m.type === 'comment.created' && m.data.id === got.id);
    expect(event.data).toMatchObject({ version_id: versionId, frame: 12 });
    stream.close();
    await settle(t);
    expect(
      (await localComments(owner, versionId)).filter((c) => c.body === 'Trim the <b>intro</b>'),
    ).toHaveLength(1);

    // Edit, reply, delete in the sandbox.
    const upd = await sandboxApi(
      t,
      t.rileyToken,
      'PATCH',
      `/v4/accounts/${SEED_IDS.accountId}/comments/${made.body.data.id}`,
      { text: 'Trim more' },
    );
    expect(upd.status).toBe(200);
    await waitFor('edited', async () =>
      (await localComments(owner, versionId)).find((c) => c.id === got.id && c.body === 'Trim more'),
    );
    t.sandbox.control.createReply(made.body.data.id, { user_id: SEED_IDS.alexId, text: 'On it' });
    const threaded = await waitFor('reply threaded', async () =>
      (await localComments(owner, versionId)).find(
        (c) => c.id === got.id && c.replies.some((r) => r.body === 'On it'),
      ),
    );
    expect(threaded.replies).toHaveLength(1);
    const del = await sandboxApi(
      t,
      t.rileyToken,
      'DELETE',
      `/v4/accounts/${SEED_IDS.accountId}/comments/${made.body.data.id}`,
    );
    expect(del.status).toBe(204);
    await waitFor(
      'tombstoned',
      async () => !(await localComments(owner, versionId)).some((c) => c.id === got.id && !c.deleted),
    );
    await settle(t);
    const rows = await db().selectFrom('comments').selectAll().where('org_id', '=', owner.orgId).execute();
    expect(rows.every((r) => r.deleted_at !== null)).toBe(true);
    const ds = await deliveries(owner.orgId);
    expect(ds.length).toBeGreaterThan(0);
    expect(ds.filter((d) => d.status === 'failed')).toEqual([]);
  });
});

describe('upload events', () => {
  it('file.upload.completed / file.ready on a version’s file run the upload confirm step at once', async () => {
    const { owner, versionId } = await linkedVersion(t);
    // The upload finishes after the file (and its link) exist: wait for Frame.io's events.
    await waitFor('file.ready delivered', async () =>
      (await deliveries(owner.orgId)).some((d) => d.event_type === 'file.ready'),
    );
    await settle(t);
    const ds = await deliveries(owner.orgId);
    const fileEvents = ds.filter((d) => d.event_type.startsWith('file.'));
    expect(fileEvents.map((d) => d.event_type)).toEqual(
      expect.arrayContaining(['file.upload.completed', 'file.ready']),
    );
    expect(fileEvents.every((d) => d.status === 'processed')).toBe(true);
    const confirms = await db()
      .selectFrom('jobs')
      .select(['payload_json', 'status'])
      .where('org_id', '=', owner.orgId)
      .where('type', '=', 'frameio.confirm-upload')
      .execute();
    // At least one per event: a run finding the poller's lease re-enqueues itself (Send to Frame.io).
    expect(
      confirms.filter((j) => JSON.parse(j.payload_json).round === 1_000_000).length,
    ).toBeGreaterThanOrEqual(fileEvents.length);
    await waitFor('transcoded', async () => {
      const res = await owner.client.get(`/api/v1/versions/${versionId}/frameio`);
      return res.body.data.status === 'transcoded';
    });
  });
});

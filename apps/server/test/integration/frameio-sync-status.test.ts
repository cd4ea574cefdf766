import { describe, expect, it } from 'vitest';
import type { TestClient } from '../helpers/http-client.ts';
import { signUp } from '../helpers/test-app.ts';
import {
  linkedVersion,
  SEED_IDS,
  sandboxApi,
  setRemoteStatusAs,
  settle,
  useSyncEnv,
  waitFor,
} from './frameio-sync-fixtures.ts';

/** Two-way sync of the approval status: deliverable status ⇄ the Frame.io Status field. */
const t = useSyncEnv();

const db = () => t.app.preroll.db;

describe('approval status', () => {
  const remoteStatus = async (fileId: string) => {
    const res = await sandboxApi(
      t,
      t.alexToken,
      'GET',
      `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}/metadata`,
    );
    const f = (
      res.body.data.metadata as Array<{
        field_definition_name: string;
        value: Array<{ display_name: string }>;
      }>
    ).find((m) => m.field_definition_name === 'Status');
    return f?.value?.[0]?.display_name ?? null;
  };
  const status = async (owner: { client: TestClient }, id: string) =>
    (await owner.client.get(`/api/v1/deliverables/${id}`)).body.data.status as string;

  it('submit sets Needs Review in Frame.io; Approved in Frame.io approves the deliverable, and the echo pushes nothing back', async () => {
    const { owner, deliverableId, fileId } = await linkedVersion(t);
    expect((await owner.client.post(`/api/v1/deliverables/${deliverableId}/submit`)).status).toBe(200);
    await waitFor('Needs Review', async () => (await remoteStatus(fileId)) === 'Needs Review');
    await setRemoteStatusAs(t, fileId, SEED_IDS.statusOptions.approved);
    await waitFor('approved locally', async () => (await status(owner, deliverableId)) === 'approved');
    await settle(t);
    expect(await remoteStatus(fileId)).toBe('Approved');
    const pushes = await db()
      .selectFrom('jobs')
      .select('idempotency_key')
      .where('org_id', '=', owner.orgId)
      .where('type', '=', 'frameio.push-status')
      .execute();
    // The file's arrival and the submit: none for the approval that came from Frame.io.
    expect(pushes.map((p) => p.idempotency_key?.includes(':arrived:')).sort()).toEqual([false, true]);
    const activity = await db()
      .selectFrom('activity')
      .selectAll()
      .where('subject_id', '=', deliverableId)
      .where('action', '=', 'status_changed')
      .execute();
    expect(activity.map((a) => a.actor_type)).toEqual(['user', 'external']);
  });

  it('request revision in preroll sets "In Progress" in Frame.io; "In Progress" set in Frame.io requests a revision', async () => {
    const { owner, deliverableId, fileId } = await linkedVersion(t);
    await owner.client.post(`/api/v1/deliverables/${deliverableId}/submit`);
    const rr = await owner.client.post(`/api/v1/deliverables/${deliverableId}/request-revision`, {});
    expect(rr.status, rr.text).toBe(200);
    await waitFor('In Progress', async () => (await remoteStatus(fileId)) === 'In Progress');
    const b = await linkedVersion(t, owner);
    await owner.client.post(`/api/v1/deliverables/${b.deliverableId}/submit`);
    await waitFor('Needs Review', async () => (await remoteStatus(b.fileId)) === 'Needs Review');
    await setRemoteStatusAs(t, b.fileId, SEED_IDS.statusOptions.inProgress);
    await waitFor(
      'revision requested',
      async () => (await status(owner, b.deliverableId)) === 'revision_requested',
    );
  });

  it('the mapping is editable by admins (GET/PUT), validated, and used', async () => {
    const owner = await signUp(t.app);
    const got = await owner.client.get('/api/v1/integrations/frameio/status-mapping');
    expect(got.body.data).toEqual({
      approved: 'Approved',
      revision_requested: 'In Progress',
      in_review: 'Needs Review',
    });
    const bad = await owner.client.request('PUT', '/api/v1/integrations/frameio/status-mapping', {
      approved: 'Approved',
      revision_requested: '',
      extra: 1,
    });
    expect(bad.status).toBe(400);
    const put = await owner.client.request('PUT', '/api/v1/integrations/frameio/status-mapping', {
      approved: 'Approved',
      revision_requested: 'Needs Review',
      in_review: null,
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body.data).toEqual({
      approved: 'Approved',
      revision_requested: 'Needs Review',
      in_review: null,
    });
    const { joinAs } = await import('./domain-fixtures.ts');
    const member = await joinAs(t.app, owner, 'member');
    expect(
      (
        await member.request('PUT', '/api/v1/integrations/frameio/status-mapping', {
          approved: 'A',
          revision_requested: 'B',
        })
      ).status,
    ).toBe(403);
  });
});

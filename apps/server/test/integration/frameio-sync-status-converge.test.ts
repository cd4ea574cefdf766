import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../helpers/test-app.ts';
import { makeClient, makeDeliverable, makeEpisode, makeShow } from './domain-fixtures.ts';
import { addVersionWithFile } from './frameio-review-fixtures.ts';
import { connect, linkedVersion, type Owner } from './frameio-sync-fixtures.ts';
import {
  drained,
  remoteStatusOf,
  SEED_IDS,
  setRemoteStatus,
  startWireEnv,
  type WireEnv,
  waitFor,
} from './frameio-wire-fixtures.ts';

/**
 * Approval status converges by one rule (docs/frameio.md, "Approval status"): the newest file gets
 * the mapped Status when it arrives, and Resync and the periodic reconciliation repair what a lost
 * webhook or a push that never ran left behind, or say that the two differ. Sandbox in its own process.
 */
let t: WireEnv;
beforeAll(async () => {
  t = await startWireEnv();
});
afterAll(async () => {
  await t?.close();
});
afterEach(async () => {
  await t.sandbox.control('PUT', '/_sandbox/webhook-faults', { dropRate: 0 });
  t.worker.start();
});

const statusOf = async (owner: Owner, id: string) =>
  (await owner.client.get(`/api/v1/deliverables/${id}`)).body.data.status as string;
const fileOf = (orgId: string, versionId: string) =>
  waitFor('version → file link', async () => {
    const row = await t.app.preroll.db
      .selectFrom('frameio_uploads')
      .select(['remote_file_id', 'status'])
      .where('org_id', '=', orgId)
      .where('version_id', '=', versionId)
      .executeTakeFirst();
    return row?.remote_file_id && (row.status === 'uploaded' || row.status === 'transcoded')
      ? row.remote_file_id
      : undefined;
  });
const resync = async (owner: Owner, deliverableId: string) => {
  const res = await owner.client.post(`/api/v1/deliverables/${deliverableId}/frameio/resync`);
  expect(res.status, res.text).toBe(200);
  return res.body.data as {
    files: number;
    status: { outcome: string; preroll: string; frameio: string | null };
  };
};

describe('approval status convergence', () => {
  it('versions sent after approval get "Approved" in Frame.io as their files arrive, the first and a later one', async () => {
    const owner = await signUp(t.app);
    await connect(t, owner.client);
    const client = await makeClient(owner.client, { name: 'Late Client' });
    const show = await makeShow(owner.client, client.id, { title: 'Late Show' });
    const episode = await makeEpisode(owner.client, show.id, { title: 'Late Episode' });
    const deliverable = await makeDeliverable(owner.client, episode.id, { title: 'Late Cut' });
    const v1 = await addVersionWithFile(t.app, owner.orgId, deliverable.id, 32 * 1024);
    expect((await owner.client.post(`/api/v1/deliverables/${deliverable.id}/submit`)).status).toBe(200);
    expect((await owner.client.post(`/api/v1/deliverables/${deliverable.id}/approve`, {})).status).toBe(200);

    expect((await owner.client.post(`/api/v1/versions/${v1.id}/frameio`)).status).toBe(202);
    const file1 = await fileOf(owner.orgId, v1.id);
    await waitFor('v1 Approved in Frame.io', async () => (await remoteStatusOf(t, file1)) === 'Approved');

    const v2 = await addVersionWithFile(t.app, owner.orgId, deliverable.id, 32 * 1024);
    expect((await owner.client.post(`/api/v1/versions/${v2.id}/frameio`)).status).toBe(202);
    const file2 = await fileOf(owner.orgId, v2.id);
    await waitFor('v2 Approved in Frame.io', async () => (await remoteStatusOf(t, file2)) === 'Approved');
    await drained(t);
    expect(await statusOf(owner, deliverable.id)).toBe('approved');
    const result = await resync(owner, deliverable.id);
    expect(result.files).toBe(2);
    expect(result.status).toEqual({
      outcome: 'in_sync',
      preroll: 'approved',
      frameio: 'Approved',
      detail: null,
    });
  });

  it('Resync applies a reviewer Status whose webhook was lost, sends a preroll change whose push never ran, and reports a Status preroll cannot follow as differing', async () => {
    const { owner, deliverableId, fileId } = await linkedVersion(t);
    expect((await owner.client.post(`/api/v1/deliverables/${deliverableId}/submit`)).status).toBe(200);
    await waitFor('Needs Review', async () => (await remoteStatusOf(t, fileId)) === 'Needs Review');
    await drained(t);

    // A reviewer's step whose webhook never arrives.
    await t.sandbox.control('PUT', '/_sandbox/webhook-faults', { dropRate: 1 });
    await setRemoteStatus(t, fileId, SEED_IDS.statusOptions.inProgress);
    await drained(t);
    expect(await statusOf(owner, deliverableId)).toBe('submitted');
    expect((await resync(owner, deliverableId)).status).toEqual({
      outcome: 'applied',
      preroll: 'revision_requested',
      frameio: 'In Progress',
      detail: null,
    });

    // A preroll change whose push has not run (no worker): Resync sends it, the push then finds nothing to do.
    await t.worker.stop();
    expect((await owner.client.post(`/api/v1/deliverables/${deliverableId}/submit`)).status).toBe(200);
    expect((await resync(owner, deliverableId)).status).toEqual({
      outcome: 'sent',
      preroll: 'resubmitted',
      frameio: 'Needs Review',
      detail: null,
    });
    t.worker.start();
    await drained(t);
    expect(await remoteStatusOf(t, fileId)).toBe('Needs Review');
    expect(await statusOf(owner, deliverableId)).toBe('resubmitted');

    // Approved here, then a reviewer reopens it in Frame.io: no lifecycle step back from approved.
    expect((await owner.client.post(`/api/v1/deliverables/${deliverableId}/approve`, {})).status).toBe(200);
    await waitFor('Approved', async () => (await remoteStatusOf(t, fileId)) === 'Approved');
    await drained(t);
    await setRemoteStatus(t, fileId, SEED_IDS.statusOptions.inProgress);
    const differs = (await resync(owner, deliverableId)).status;
    expect(differs).toEqual({
      outcome: 'differs',
      preroll: 'approved',
      frameio: 'In Progress',
      detail: null,
    });
    expect(await remoteStatusOf(t, fileId)).toBe('In Progress');
  });

  it('the periodic reconciliation applies a reviewer Status whose webhook was lost', async () => {
    const { owner, deliverableId, fileId } = await linkedVersion(t);
    expect((await owner.client.post(`/api/v1/deliverables/${deliverableId}/submit`)).status).toBe(200);
    await waitFor('Needs Review', async () => (await remoteStatusOf(t, fileId)) === 'Needs Review');
    await drained(t);
    await t.sandbox.control('PUT', '/_sandbox/webhook-faults', { dropRate: 1 });
    await setRemoteStatus(t, fileId, SEED_IDS.statusOptions.approved);
    await drained(t);
    expect(await statusOf(owner, deliverableId)).toBe('submitted');
    await t.app.preroll.frameio.reconciliation.scheduleReconcile(owner.orgId, new Date());
    await waitFor(
      'approved by reconciliation',
      async () => (await statusOf(owner, deliverableId)) === 'approved',
    );
    const activity = await t.app.preroll.db
      .selectFrom('activity')
      .select(['actor_type', 'actor_name'])
      .where('subject_id', '=', deliverableId)
      .where('action', '=', 'status_changed')
      .orderBy('id')
      .execute();
    expect(activity.at(-1)).toEqual({ actor_type: 'external', actor_name: 'Frame.io' });
  });
});

import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkedVersion, WEBHOOK_PATH } from './frameio-sync-fixtures.ts';
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
 * Webhook dedupe must not drop real changes. Frame.io bodies carry ids only, so two different
 * Status changes by one reviewer on one file in one second arrive byte for byte alike. The sandbox
 * runs in its own process; the deliveries here are signed by the test exactly as Frame.io signs
 * them, so the signed second is chosen, not hoped for.
 */
let t: WireEnv;
beforeAll(async () => {
  t = await startWireEnv();
});
afterAll(async () => {
  await t?.close();
});

const db = () => t.app.preroll.db;

async function scenario() {
  const v = await linkedVersion(t);
  const { owner, deliverableId, fileId } = v;
  expect((await owner.client.post(`/api/v1/deliverables/${deliverableId}/submit`)).status).toBe(200);
  await waitFor('Needs Review in Frame.io', async () => (await remoteStatusOf(t, fileId)) === 'Needs Review');
  await drained(t);
  // From here the test is Frame.io's webhook sender: the sandbox's own deliveries are dropped.
  await t.sandbox.control('PUT', '/_sandbox/webhook-faults', { dropRate: 1 });
  const hook = await db()
    .selectFrom('frameio_webhooks')
    .selectAll()
    .where('org_id', '=', owner.orgId)
    .executeTakeFirstOrThrow();
  const secret = t.secretBox.open(hook.secret_enc);
  const file = await t.sandbox.api(t.rileyToken, 'GET', `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}`);
  // What the sandbox (like Frame.io) sends for a Status change: ids only, nothing per change.
  const body = JSON.stringify({
    account: { id: SEED_IDS.accountId },
    project: { id: file.body.data.project_id },
    resource: { id: fileId, type: 'file' },
    type: 'metadata.value.updated',
    user: { id: SEED_IDS.rileyId },
    workspace: { id: SEED_IDS.workspaceId },
  });
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  const deliver = async () => {
    const res = await fetch(`${t.app.url}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-frameio-request-timestamp': ts,
        'x-frameio-signature': signature,
      },
      body,
    });
    return {
      status: res.status,
      data: (await res.json()).data as { delivery_id: string; duplicate: boolean },
    };
  };
  const statusOf = async () =>
    (await owner.client.get(`/api/v1/deliverables/${deliverableId}`)).body.data.status as string;
  const delivery = (id: string) =>
    db().selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  return { ...v, deliver, statusOf, delivery };
}

describe('webhook dedupe keeps real changes', () => {
  afterAll(async () => {
    await t.sandbox.control('PUT', '/_sandbox/webhook-faults', { dropRate: 0 });
  });

  it('while the first delivery still waits, a byte-identical one joins it: 200 duplicate with the id of a delivery that exists; its processing reads the second state', async () => {
    const s = await scenario();
    const webhookJobs = async () =>
      (
        await db()
          .selectFrom('jobs')
          .select('id')
          .where('org_id', '=', s.owner.orgId)
          .where('type', '=', 'frameio.webhook')
          .execute()
      ).length;
    const jobsBefore = await webhookJobs();
    await t.worker.stop();
    try {
      await setRemoteStatus(t, s.fileId, SEED_IDS.statusOptions.needsReview);
      const first = await s.deliver();
      expect(first.status).toBe(202);
      expect(first.data.duplicate).toBe(false);
      await setRemoteStatus(t, s.fileId, SEED_IDS.statusOptions.inProgress);
      const second = await s.deliver();
      expect(second.status).toBe(200);
      expect(second.data).toEqual({ delivery_id: first.data.delivery_id, duplicate: true });
      const listed = await s.owner.client.get('/api/v1/integrations/frameio/deliveries');
      expect(listed.body.data.map((d: { id: string }) => d.id)).toContain(second.data.delivery_id);
      expect(await webhookJobs()).toBe(jobsBefore + 1);
    } finally {
      t.worker.start();
    }
    await waitFor('revision requested', async () => (await s.statusOf()) === 'revision_requested');
    await drained(t);
    expect(await remoteStatusOf(t, s.fileId)).toBe('In Progress');
  });

  it('two Status changes signed in the same second (Needs Review, then In Progress) end in the second state after the first was processed; an identical replay then changes nothing', async () => {
    const s = await scenario();
    await setRemoteStatus(t, s.fileId, SEED_IDS.statusOptions.needsReview);
    const first = await s.deliver();
    expect(first.status).toBe(202);
    await waitFor(
      'first processed',
      async () => (await s.delivery(first.data.delivery_id))?.status !== 'queued',
    );
    expect(await s.statusOf()).toBe('submitted');

    await setRemoteStatus(t, s.fileId, SEED_IDS.statusOptions.inProgress);
    const second = await s.deliver();
    expect(second.status).toBe(202);
    expect(second.data.duplicate).toBe(false);
    expect(await s.delivery(second.data.delivery_id)).toBeDefined();
    await waitFor('revision requested', async () => (await s.statusOf()) === 'revision_requested');
    await drained(t);

    // Nothing changed since: a byte-identical replay converges again and finds nothing to do.
    const counts = async () => ({
      activity: (await db().selectFrom('activity').select('id').where('org_id', '=', s.owner.orgId).execute())
        .length,
      pushes: (
        await db()
          .selectFrom('jobs')
          .select('id')
          .where('org_id', '=', s.owner.orgId)
          .where('type', 'in', ['frameio.push-status', 'frameio.push-comment'])
          .execute()
      ).length,
      comments: (await s.owner.client.get(`/api/v1/versions/${s.versionId}/comments`)).body.data.length,
    });
    const before = await counts();
    const replay = await s.deliver();
    expect(replay.status).toBe(202);
    expect(replay.data.duplicate).toBe(false);
    await waitFor('replay processed', async () => {
      const row = await s.delivery(replay.data.delivery_id);
      return row && row.status !== 'queued' ? row : undefined;
    });
    expect((await s.delivery(replay.data.delivery_id))?.status).toBe('ignored');
    await drained(t);
    expect(await counts()).toEqual(before);
    expect(await s.statusOf()).toBe('revision_requested');
    expect(await remoteStatusOf(t, s.fileId)).toBe('In Progress');
  });
});

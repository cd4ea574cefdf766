import { describe, expect, it } from 'vitest';
import { signUp } from '../helpers/test-app.ts';
import {
  linkedVersion,
  localComments,
  remoteComments,
  SEED_IDS,
  sandboxApi,
  settle,
  useSyncEnv,
  waitFor,
} from './frameio-sync-fixtures.ts';

/** Two-way comment sync under webhook faults: reconciliation (Resync and the periodic job) and health. */
const t = useSyncEnv();

const db = () => t.app.preroll.db;

describe('faults, reconciliation and health', () => {
  const shape = (cs: Awaited<ReturnType<typeof localComments>>) =>
    cs
      .filter((c) => !c.deleted)
      .map((c) => `${c.frame}|${c.body}|${c.replies.map((r) => r.body).join(',')}`)
      .sort();
  const remoteShape = async (fileId: string) =>
    (await remoteComments(t, fileId))
      .map(
        (c) =>
          `${c.timestamp === null ? null : c.timestamp - 1}|${c.text}|${(c.replies ?? []).map((r) => r.text).join(',')}`,
      )
      .sort();
  const api = (fileId: string) => `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}/comments`;

  it('duplicated and reordered webhooks end consistent with zero duplicates', async () => {
    const { owner, versionId, fileId } = await linkedVersion(t);
    t.sandbox.control.setWebhookFaults({ duplicateRate: 1, reorder: true, reorderWindowMs: 150 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await sandboxApi(t, t.rileyToken, 'POST', api(fileId), {
          text: `note ${i}`,
          timestamp: i * 3 + 1,
        });
        ids.push(r.body.data.id);
      }
      await sandboxApi(t, t.rileyToken, 'PATCH', `/v4/accounts/${SEED_IDS.accountId}/comments/${ids[1]}`, {
        text: 'note 1 edited',
      });
      await sandboxApi(t, t.rileyToken, 'DELETE', `/v4/accounts/${SEED_IDS.accountId}/comments/${ids[2]}`);
      t.sandbox.control.createReply(ids[0]!, { user_id: SEED_IDS.alexId, text: 'reply 0' });
      await owner.client.post(`/api/v1/versions/${versionId}/comments`, { body: 'from preroll', frame: 30 });
      await settle(t);
      await waitFor(
        'converged',
        async () =>
          JSON.stringify(shape(await localComments(owner, versionId))) ===
          JSON.stringify(await remoteShape(fileId)),
      );
      const local = await localComments(owner, versionId);
      expect(local.filter((c) => !c.deleted)).toHaveLength(6);
      expect(new Set(local.map((c) => c.body)).size).toBe(local.length);
    } finally {
      t.sandbox.control.setWebhookFaults({ duplicateRate: 0, reorder: false, dropRate: 0 });
    }
  });

  it('dropped webhooks are repaired by Resync (and the periodic reconciliation job is scheduled)', async () => {
    const { owner, deliverableId, versionId, fileId } = await linkedVersion(t);
    const scheduled = await db()
      .selectFrom('jobs')
      .selectAll()
      .where('org_id', '=', owner.orgId)
      .where('type', '=', 'frameio.reconcile')
      .execute();
    expect(scheduled).toHaveLength(1);
    expect(Date.parse(scheduled[0]!.run_at) - Date.now()).toBeGreaterThan(4 * 60_000);
    const seen = await sandboxApi(t, t.rileyToken, 'POST', api(fileId), { text: 'seen', timestamp: 5 });
    await waitFor('seen locally', async () =>
      (await localComments(owner, versionId)).some((c) => c.body === 'seen'),
    );
    t.sandbox.control.setWebhookFaults({ dropRate: 1 });
    try {
      await sandboxApi(t, t.rileyToken, 'POST', api(fileId), { text: 'missed', timestamp: 9 });
      await sandboxApi(
        t,
        t.rileyToken,
        'DELETE',
        `/v4/accounts/${SEED_IDS.accountId}/comments/${seen.body.data.id}`,
      );
      await settle(t);
      expect(shape(await localComments(owner, versionId))).toEqual(['4|seen|']);
      const res = await owner.client.post(`/api/v1/deliverables/${deliverableId}/frameio/resync`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.data).toMatchObject({ files: 1, created: 1, deleted: 1 });
      expect(shape(await localComments(owner, versionId))).toEqual(['8|missed|']);
      // Idempotent: a second run changes nothing.
      const again = await owner.client.post(`/api/v1/deliverables/${deliverableId}/frameio/resync`);
      expect(again.body.data).toMatchObject({ created: 0, updated: 0, deleted: 0 });
      // The periodic job does the same: another missed comment, the job made due now.
      await sandboxApi(t, t.rileyToken, 'POST', api(fileId), { text: 'missed again', timestamp: 11 });
      await db()
        .updateTable('jobs')
        .set({ run_at: new Date().toISOString() })
        .where('id', '=', scheduled[0]!.id)
        .execute();
      await waitFor('periodic repair', async () =>
        (await localComments(owner, versionId)).some((c) => c.body === 'missed again'),
      );
      const next = await waitFor('next run scheduled', async () => {
        const rows = await db()
          .selectFrom('jobs')
          .selectAll()
          .where('org_id', '=', owner.orgId)
          .where('type', '=', 'frameio.reconcile')
          .where('status', '=', 'queued')
          .execute();
        return rows.length === 1 ? rows : undefined;
      });
      expect(Date.parse(next[0]!.run_at)).toBeGreaterThan(Date.now());
    } finally {
      t.sandbox.control.setWebhookFaults({ dropRate: 0 });
    }
  });

  it('resync: another organization’s deliverable is a 404', async () => {
    const { deliverableId } = await linkedVersion(t);
    const other = await signUp(t.app);
    expect((await other.client.post(`/api/v1/deliverables/${deliverableId}/frameio/resync`)).status).toBe(
      404,
    );
  });

  it('Settings lists the last deliveries (event, signature, processing) and an admin can replay one', async () => {
    const { owner, fileId } = await linkedVersion(t);
    await sandboxApi(t, t.rileyToken, 'POST', api(fileId), { text: 'for health', timestamp: 2 });
    await settle(t);
    const list = await owner.client.get('/api/v1/integrations/frameio/deliveries');
    expect(list.status).toBe(200);
    const d = (
      list.body.data as Array<{
        id: string;
        event: string;
        signature: string;
        processing: string;
        error: string | null;
      }>
    ).find((x) => x.event === 'comment.created');
    expect(d).toMatchObject({ signature: 'valid', processing: 'processed', error: null });
    const replay = await owner.client.post(`/api/v1/integrations/frameio/deliveries/${d!.id}/replay`);
    expect(replay.status, replay.text).toBe(200);
    expect(replay.body.data.processing).toBe('queued');
    await waitFor('replayed', async () => {
      const row = await db()
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('id', '=', d!.id)
        .executeTakeFirst();
      return row?.status === 'processed' && row.attempts === 2;
    });
    const { joinAs } = await import('./domain-fixtures.ts');
    const member = await joinAs(t.app, owner, 'member');
    expect((await member.get('/api/v1/integrations/frameio/deliveries')).status).toBe(403);
    expect((await member.post(`/api/v1/integrations/frameio/deliveries/${d!.id}/replay`)).status).toBe(403);
  });
});

import { describe, expect, it } from 'vitest';
import type { TestClient } from '../helpers/http-client.ts';
import { consent } from './frameio-fixtures.ts';
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

/**
 * Frame.io lets only account admins create webhooks. When the connected Frame.io user is a
 * member, the card says plainly that an account admin has to connect (or re-create the webhook),
 * re-create answers 409 frameio_webhook_needs_admin, a webhook that already works is kept, and
 * reconciliation keeps syncing meanwhile. The sandbox's control API switches Alex's role.
 */
const t = useSyncEnv();

const db = () => t.app.preroll.db;
const asMember = async <T>(fn: () => Promise<T>): Promise<T> => {
  t.sandbox.control.setAccountRole(SEED_IDS.alexId, 'member');
  try {
    return await fn();
  } finally {
    t.sandbox.control.setAccountRole(SEED_IDS.alexId, 'owner');
  }
};
const webhookRow = (orgId: string) =>
  db().selectFrom('frameio_webhooks').selectAll().where('org_id', '=', orgId).executeTakeFirst();
const commentsPath = (fileId: string) => `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}/comments`;

/** Connect again as Alex (same Frame.io user): the account and workspace are kept. */
async function reconnect(admin: TestClient): Promise<void> {
  const started = await admin.post('/api/v1/integrations/frameio/connect');
  const back = await consent(started.body.data.authorize_url, { userId: SEED_IDS.alexId });
  const cookie = ['preroll_session', 'preroll_csrf', 'preroll_frameio_oauth']
    .map((n) => `${n}=${admin.cookie(n) ?? ''}`)
    .join('; ');
  const res = await fetch(back.href, { redirect: 'manual', headers: { cookie } });
  await res.arrayBuffer();
  expect(res.headers.get('location')).toContain('frameio=connected');
}

async function runReconcileNow(orgId: string): Promise<void> {
  await db()
    .updateTable('jobs')
    .set({ run_at: new Date().toISOString() })
    .where('org_id', '=', orgId)
    .where('type', '=', 'frameio.reconcile')
    .where('status', '=', 'queued')
    .execute();
}

describe('connected as a Frame.io member: webhooks need an account admin', () => {
  it('the card says an account admin has to connect; re-create is 409 and writes nothing; reconciliation keeps syncing', async () => {
    const { owner, versionId, fileId } = await asMember(async () => {
      const linked = await linkedVersion(t);
      const card = await linked.owner.client.get('/api/v1/integrations/frameio');
      expect(card.body.data).toMatchObject({ status: 'active', webhook: 'missing' });
      expect(card.body.data.webhook_problem.code).toBe('frameio_webhook_needs_admin');
      expect(card.body.data.webhook_problem.message).toContain(
        'Frame.io lets only account admins create webhooks, and Alex Producer is not an admin of the Frame.io account "Sandbox Studio". A Frame.io account admin has to connect Frame.io here',
      );
      expect(card.body.data.webhook_problem.message).toContain('every 5 minutes');
      const status = await linked.owner.client.get('/api/v1/integrations/frameio/webhook');
      expect(status.body.data).toMatchObject({
        status: 'missing',
        problem: { code: 'frameio_webhook_needs_admin' },
      });

      const again = await linked.owner.client.post('/api/v1/integrations/frameio/webhook');
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('frameio_webhook_needs_admin');
      expect(again.body.error.message).toContain('A Frame.io account admin has to connect Frame.io here');
      expect(await webhookRow(linked.owner.orgId)).toBeUndefined();

      // Meanwhile a reviewer comments in Frame.io: nothing is delivered to this organization,
      // and the periodic reconciliation brings the comment in anyway.
      await sandboxApi(t, t.rileyToken, 'POST', commentsPath(linked.fileId), {
        text: 'no webhook here',
        timestamp: 7,
      });
      await settle(t);
      expect(await webhookDeliveries(t, linked.owner.orgId)).toEqual([]);
      await runReconcileNow(linked.owner.orgId);
      await waitFor('reconciled while the webhook is missing', async () =>
        (await localComments(linked.owner, linked.versionId)).some(
          (c) => c.body === 'no webhook here' && c.frame === 6,
        ),
      );
      return linked;
    });

    // Alex is an account admin again (owner): reconnecting as the same user registers the webhook.
    await reconnect(owner.client);
    const card = await owner.client.get('/api/v1/integrations/frameio');
    expect(card.body.data).toMatchObject({ status: 'active', webhook: 'active', webhook_problem: null });
    expect(await webhookRow(owner.orgId)).toBeDefined();
    await sandboxApi(t, t.rileyToken, 'POST', commentsPath(fileId), { text: 'now at once', timestamp: 9 });
    await waitFor('delivered by the webhook', async () =>
      (await localComments(owner, versionId)).some((c) => c.body === 'now at once'),
    );
    expect((await webhookDeliveries(t, owner.orgId)).length).toBeGreaterThan(0);
  });

  it('a refused re-create keeps the webhook that works', async () => {
    const { owner, versionId, fileId } = await linkedVersion(t);
    const before = await webhookRow(owner.orgId);
    expect(before).toBeDefined();
    await asMember(async () => {
      const re = await owner.client.post('/api/v1/integrations/frameio/webhook');
      expect(re.status).toBe(409);
      expect(re.body.error.code).toBe('frameio_webhook_needs_admin');
      expect((await webhookRow(owner.orgId))?.remote_id).toBe(before!.remote_id);
      const card = await owner.client.get('/api/v1/integrations/frameio');
      expect(card.body.data).toMatchObject({
        webhook: 'active',
        webhook_problem: { code: 'frameio_webhook_needs_admin' },
      });
      await sandboxApi(t, t.rileyToken, 'POST', commentsPath(fileId), {
        text: 'old hook still delivers',
        timestamp: 4,
      });
      await waitFor('delivered by the old webhook', async () =>
        (await localComments(owner, versionId)).some((c) => c.body === 'old hook still delivers'),
      );
    });
    const re = await owner.client.post('/api/v1/integrations/frameio/webhook');
    expect(re.status).toBe(200);
    expect(re.body.data).toMatchObject({ status: 'active', problem: null });
    expect((await webhookRow(owner.orgId))?.remote_id).not.toBe(before!.remote_id);
  });
});

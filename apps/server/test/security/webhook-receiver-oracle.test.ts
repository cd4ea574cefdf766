import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../helpers/test-app.ts';
import { connect, SEED_IDS, type SyncEnv, startSyncEnv } from '../integration/frameio-sync-fixtures.ts';

/**
 * The Frame.io webhook receiver is public (Frame.io cannot log in). An unsigned sender must not
 * be able to use it to find out which Frame.io accounts and workspaces are connected to this
 * preroll: a connected workspace and an unknown one get the same answer, and nothing is stored.
 */
const WEBHOOK_PATH = '/api/integrations/frameio/webhooks';
let t: SyncEnv;
let orgId: string;
beforeAll(async () => {
  t = await startSyncEnv();
  const owner = await signUp(t.app);
  orgId = owner.orgId;
  // The real flow: OAuth through the sandbox's consent page, then the workspace pick registers
  // preroll's webhook for SEED_IDS' account + workspace.
  await connect(t, owner.client);
});
afterAll(async () => {
  await t?.close();
});

async function forgedDelivery(target: { account: string; workspace: string }) {
  const body = JSON.stringify({
    type: 'comment.created',
    account: { id: target.account },
    workspace: { id: target.workspace },
    resource: { id: crypto.randomUUID(), type: 'comment' },
  });
  const res = await fetch(`${t.publicUrl}${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-frameio-request-timestamp': String(Math.floor(Date.now() / 1000)),
      'x-frameio-signature': `v0=${'0'.repeat(64)}`,
    },
    body,
  });
  return { status: res.status, body: await res.json() };
}

const storedDeliveries = async () =>
  (await t.app.preroll.db.selectFrom('webhook_deliveries').select('id').execute()).length;

describe('webhook receiver: no oracle for connected workspaces', () => {
  it('a forged delivery for the connected workspace and one for an unknown workspace get the same 401 invalid_signature', async () => {
    const hooks = await t.app.preroll.db
      .selectFrom('frameio_webhooks')
      .select(['account_id', 'workspace_id'])
      .where('org_id', '=', orgId)
      .execute();
    expect(hooks).toEqual([{ account_id: SEED_IDS.accountId, workspace_id: SEED_IDS.workspaceId }]);

    const connected = await forgedDelivery({ account: SEED_IDS.accountId, workspace: SEED_IDS.workspaceId });
    const unknown = await forgedDelivery({ account: crypto.randomUUID(), workspace: crypto.randomUUID() });
    const unknownWorkspaceOnly = await forgedDelivery({
      account: SEED_IDS.accountId,
      workspace: crypto.randomUUID(),
    });

    expect(connected.status).toBe(401);
    expect(connected.body.error.code).toBe('invalid_signature');
    expect(unknown).toEqual(connected);
    expect(unknownWorkspaceOnly).toEqual(connected);
    expect(await storedDeliveries()).toBe(0);
  });

  it('a NUL character in the account id is refused as 400 invalid_payload (not a database error), nothing stored', async () => {
    const res = await forgedDelivery({
      account: `${SEED_IDS.accountId}\u0000`,
      workspace: SEED_IDS.workspaceId,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_payload');
    expect(await storedDeliveries()).toBe(0);
  });
});

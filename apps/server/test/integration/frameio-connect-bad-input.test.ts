import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../helpers/test-app.ts';
import {
  browserGet,
  CALLBACK_URL,
  CARD,
  connectAs,
  connectionRow,
  type FrameioTestEnv,
  oauthStateRows,
  SEED_IDS,
  startFrameioTestEnv,
} from './frameio-fixtures.ts';

/** Bad input to the Frame.io connection API: each case names its error code, and nothing changes. */
let t: FrameioTestEnv;
beforeAll(async () => {
  t = await startFrameioTestEnv();
});
afterAll(async () => {
  await t?.close();
});

const stateRows = (orgId: string) => oauthStateRows(t, orgId);

describe('bad input', () => {
  it('PUT workspace with an unknown field → 400 unknown_field_extra, nothing changed', async () => {
    const owner = await signUp(t.app);
    await connectAs(t, owner.client);
    const res = await owner.client.request('PUT', '/api/v1/integrations/frameio/workspace', {
      account_id: SEED_IDS.accountId,
      workspace_id: SEED_IDS.workspaceId,
      extra: 1,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('unknown_field_extra');
    expect((await connectionRow(t, owner.orgId))!.status).toBe('pending');
  });

  it('PUT workspace with a non-UUID account id → 400 invalid_account_id; missing workspace → 400 invalid_workspace_id', async () => {
    const owner = await signUp(t.app);
    await connectAs(t, owner.client);
    const bad = await owner.client.request('PUT', '/api/v1/integrations/frameio/workspace', {
      account_id: 'nope',
      workspace_id: SEED_IDS.workspaceId,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_account_id');
    const missing = await owner.client.request('PUT', '/api/v1/integrations/frameio/workspace', {
      account_id: SEED_IDS.accountId,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('invalid_workspace_id');
    expect((await connectionRow(t, owner.orgId))!.workspace_id).toBeNull();
  });

  it('PUT workspace with an account or workspace the Frame.io user cannot see → 422, nothing changed', async () => {
    const owner = await signUp(t.app);
    await connectAs(t, owner.client);
    const otherAccount = await owner.client.request('PUT', '/api/v1/integrations/frameio/workspace', {
      account_id: '0190a3c4-1111-7000-8000-000000000001',
      workspace_id: SEED_IDS.workspaceId,
    });
    expect(otherAccount.status).toBe(422);
    expect(otherAccount.body.error.code).toBe('frameio_account_not_found');
    const otherWorkspace = await owner.client.request('PUT', '/api/v1/integrations/frameio/workspace', {
      account_id: SEED_IDS.accountId,
      workspace_id: '0190a3c4-1111-7000-8000-000000000002',
    });
    expect(otherWorkspace.status).toBe(422);
    expect(otherWorkspace.body.error.code).toBe('frameio_workspace_not_found');
    expect((await connectionRow(t, owner.orgId))!.status).toBe('pending');
  });

  it('not connected → 409 frameio_not_connected on workspaces, workspace, check and disconnect', async () => {
    const owner = await signUp(t.app);
    for (const [method, url, body] of [
      ['GET', '/api/v1/integrations/frameio/workspaces', undefined],
      [
        'PUT',
        '/api/v1/integrations/frameio/workspace',
        { account_id: SEED_IDS.accountId, workspace_id: SEED_IDS.workspaceId },
      ],
      ['POST', '/api/v1/integrations/frameio/check', {}],
      ['DELETE', CARD, undefined],
    ] as const) {
      const res = await owner.client.request(method, url, body);
      expect(res.status, `${method} ${url}`).toBe(409);
      expect(res.body.error.code).toBe('frameio_not_connected');
    }
  });

  it('a callback with a malformed query (state given twice) → frameio_error=invalid_request, nothing stored', async () => {
    const owner = await signUp(t.app);
    const authorize = new URL(
      (await owner.client.post('/api/v1/integrations/frameio/connect')).body.data.authorize_url,
    );
    const state = authorize.searchParams.get('state')!;
    const res = await browserGet(t, owner.client, `${CALLBACK_URL}?code=x&state=${state}&state=${state}`);
    expect(res.location.searchParams.get('frameio_error')).toBe('invalid_request');
    expect(await connectionRow(t, owner.orgId)).toBeUndefined();
    // The state was not consumed by the malformed request.
    const rows = await stateRows(owner.orgId);
    expect(rows.every((r) => r.used_at === null)).toBe(true);
  });

  it('unauthenticated → 401 on the card and on connect', async () => {
    const anon = t.app.client();
    expect((await anon.get(CARD)).status).toBe(401);
    expect((await anon.post('/api/v1/integrations/frameio/connect')).status).toBe(401);
  });

  it('connect without the CSRF header → 403 csrf_failed, no state stored', async () => {
    const owner = await signUp(t.app);
    const res = await owner.client.post(
      '/api/v1/integrations/frameio/connect',
      {},
      { headers: { 'x-csrf-token': 'wrong' } },
    );
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
    expect(await stateRows(owner.orgId)).toHaveLength(0);
  });
});

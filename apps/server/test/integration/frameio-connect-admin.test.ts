import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../helpers/factories.ts';
import { signUp } from '../helpers/test-app.ts';
import {
  CARD,
  connectActive,
  connectAs,
  connectionRow,
  type FrameioTestEnv,
  oauthStateRows,
  SEED_IDS,
  startFrameioTestEnv,
} from './frameio-fixtures.ts';

/** Managing a Frame.io connection: who may, checking it, and disconnecting. */
let t: FrameioTestEnv;
beforeAll(async () => {
  t = await startFrameioTestEnv();
});
afterAll(async () => {
  await t?.close();
});

const stateRows = (orgId: string) => oauthStateRows(t, orgId);

describe('roles', () => {
  it('members see the card without management, and get 403 on connect, workspace, check and disconnect', async () => {
    const owner = await signUp(t.app);
    await connectActive(t, owner.client);
    const member = await createMember(t.app, owner.orgId, 'member');
    const card = await member.client.get(CARD);
    expect(card.status).toBe(200);
    expect(card.body.data).toMatchObject({ status: 'active', can_manage: false });
    const statesBefore = (await stateRows(owner.orgId)).length;
    const versionBefore = (await connectionRow(t, owner.orgId))!.token_version;
    for (const [method, url, body] of [
      ['POST', '/api/v1/integrations/frameio/connect', {}],
      [
        'PUT',
        '/api/v1/integrations/frameio/workspace',
        { account_id: SEED_IDS.accountId, workspace_id: SEED_IDS.workspaceId },
      ],
      ['GET', '/api/v1/integrations/frameio/workspaces', undefined],
      ['POST', '/api/v1/integrations/frameio/check', {}],
      ['DELETE', CARD, undefined],
    ] as const) {
      const res = await member.client.request(method, url, body);
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect(await stateRows(owner.orgId)).toHaveLength(statesBefore);
    const after = await connectionRow(t, owner.orgId);
    expect(after).toMatchObject({ status: 'active', token_version: versionBefore });
    expect(res403Cookie(await member.client.post('/api/v1/integrations/frameio/connect'))).toBe(false);
  });

  it('an admin may connect', async () => {
    const owner = await signUp(t.app);
    const admin = await createMember(t.app, owner.orgId, 'admin', 'Ada Admin');
    const landed = await connectAs(t, admin.client);
    expect(landed.searchParams.get('frameio')).toBe('connected');
    expect((await owner.client.get(CARD)).body.data.connected_by).toEqual({
      id: admin.userId,
      name: 'Ada Admin',
    });
  });
});

function res403Cookie(res: { headers: Headers }): boolean {
  return res.headers.getSetCookie().some((c) => c.startsWith('preroll_frameio_oauth='));
}

describe('check connection', () => {
  it('reports token, account, workspace and write access (a test project created and deleted)', async () => {
    const owner = await signUp(t.app);
    await connectActive(t, owner.client);
    const res = await owner.client.post('/api/v1/integrations/frameio/check');
    expect(res.status).toBe(200);
    const checks = res.body.data.checks as Array<{ name: string; ok: boolean; detail: string }>;
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['token', true],
      ['account', true],
      ['workspace', true],
      ['write_access', true],
    ]);
    expect(checks[0]!.detail).toContain('Alex Producer');
    expect(checks[3]!.detail).toContain('Sandbox Workspace');
    // The scratch project is gone.
    const projects = await fetch(
      `${t.sandbox.url}/v4/accounts/${SEED_IDS.accountId}/workspaces/${SEED_IDS.workspaceId}/projects`,
      {
        headers: {
          authorization: `Bearer ${t.sandbox.control.mintTokens({ client_id: 'preroll-local' }).access_token}`,
        },
      },
    ).then((r) => r.json() as Promise<{ data: Array<{ name: string }> }>);
    expect(projects.data.some((p) => p.name.startsWith('preroll connection check'))).toBe(false);
  });

  it('a failing write names the workspace and account and is kept as last_error', async () => {
    const owner = await signUp(t.app);
    await connectActive(t, owner.client);
    t.sandbox.control.setFault({ operation: 'projects.create', status: 503, count: 1 });
    const res = await owner.client.post('/api/v1/integrations/frameio/check');
    t.sandbox.control.clearFaults();
    const write = res.body.data.checks.find((c: { name: string }) => c.name === 'write_access');
    expect(write.ok).toBe(false);
    expect(write.detail).toContain('"Sandbox Workspace"');
    expect(write.detail).toContain('"Sandbox Studio"');
    const card = await owner.client.get(CARD);
    expect(card.body.data.last_error).toContain('write_access');
    // A passing check clears it.
    await owner.client.post('/api/v1/integrations/frameio/check');
    expect((await owner.client.get(CARD)).body.data.last_error).toBeNull();
  });

  it('before a workspace is picked, the account check says so', async () => {
    const owner = await signUp(t.app);
    await connectAs(t, owner.client);
    const res = await owner.client.post('/api/v1/integrations/frameio/check');
    expect(res.body.data.checks.map((c: { ok: boolean }) => c.ok)).toEqual([true, false, false, false]);
    expect(res.body.data.checks[1].detail).toMatch(/No Frame.io account selected/);
  });
});

describe('disconnect', () => {
  it('revokes the tokens at IMS (the old access token now gets 401) and shows disconnected', async () => {
    const owner = await signUp(t.app);
    const issuedBefore = t.rec.issued.length;
    await connectActive(t, owner.client);
    const accessToken = t.rec.issued[issuedBefore]!;
    const me = () => fetch(`${t.sandbox.url}/v4/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect((await me()).status).toBe(200);
    const res = await owner.client.delete(CARD);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ status: 'disconnected', tokens_revoked: true, warnings: [] });
    expect((await me()).status).toBe(401);
    expect(await connectionRow(t, owner.orgId)).toBeUndefined();
    expect((await owner.client.get(CARD)).body.data.status).toBe('disconnected');
  });

  it('still disconnects when IMS is down, and says so', async () => {
    const owner = await signUp(t.app);
    await connectActive(t, owner.client);
    t.rec.imsRevokeDown = true;
    const res = await owner.client.delete(CARD);
    t.rec.imsRevokeDown = false;
    expect(res.status).toBe(200);
    expect(res.body.data.tokens_revoked).toBe(false);
    expect(res.body.data.warnings[0]).toMatch(/could not be reached/);
    expect(await connectionRow(t, owner.orgId)).toBeUndefined();
  });
});

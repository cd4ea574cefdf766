import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../helpers/factories.ts';
import { signUp } from '../helpers/test-app.ts';
import {
  browserGet,
  CALLBACK_URL,
  connectActive,
  connectAs,
  connectionRow,
  consent,
  type FrameioTestEnv,
  PUBLIC_URL,
  SEED_IDS,
  startFrameioTestEnv,
} from './frameio-fixtures.ts';

let t: FrameioTestEnv;
beforeAll(async () => {
  t = await startFrameioTestEnv();
});
afterAll(async () => {
  await t?.close();
});

const CARD = '/api/v1/integrations/frameio';

async function stateRows(orgId: string) {
  return t.app.preroll.db
    .selectFrom('frameio_oauth_states')
    .selectAll()
    .where('org_id', '=', orgId)
    .execute();
}

describe('connecting an organization', () => {
  it('shows a disconnected card with the exact redirect URI before anything is connected', async () => {
    const owner = await signUp(t.app);
    const card = await owner.client.get(CARD);
    expect(card.status).toBe(200);
    expect(card.body.data).toMatchObject({
      mode: 'adobe',
      status: 'disconnected',
      redirect_uri: CALLBACK_URL,
      frameio_user: null,
      can_manage: true,
    });
  });

  it('connects through the consent page (state + PKCE S256 + browser cookie), then picks a workspace', async () => {
    const owner = await signUp(t.app, { name: 'Olive Owner' });
    const started = await owner.client.post('/api/v1/integrations/frameio/connect');
    expect(started.status).toBe(200);
    const authorize = new URL(started.body.data.authorize_url);
    expect(authorize.origin + authorize.pathname).toBe(`${t.sandbox.imsUrl}/authorize/v2`);
    expect(authorize.searchParams.get('redirect_uri')).toBe(CALLBACK_URL);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('scope')).toBe(
      'openid profile offline_access additional_info.roles email',
    );
    const setCookie = started.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/preroll_frameio_oauth=[^;]+;.*Path=\/api\/integrations\/frameio\/callback/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    const back = await consent(authorize.href, { userId: SEED_IDS.alexId });
    expect(back.searchParams.get('state')).toBe(authorize.searchParams.get('state'));
    const landed = await browserGet(t, owner.client, back.href);
    expect(landed.status).toBe(303);
    expect(landed.location.href).toBe(`${PUBLIC_URL}/settings/integrations?frameio=connected`);

    const pending = await owner.client.get(CARD);
    expect(pending.body.data).toMatchObject({
      status: 'pending',
      frameio_user: { id: SEED_IDS.alexId, name: 'Alex Producer', email: 'alex@sandbox.test' },
      account: null,
      workspace: null,
      connected_by: { id: owner.userId, name: 'Olive Owner' },
      last_error: null,
    });
    expect(Date.parse(pending.body.data.token_expires_at)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect(pending.text).not.toMatch(/sbx_(at|rt)_/);

    const list = await owner.client.get('/api/v1/integrations/frameio/workspaces');
    expect(list.status).toBe(200);
    expect(list.body.data.selected).toEqual({ account_id: null, workspace_id: null });
    const account = list.body.data.accounts.find((a: { id: string }) => a.id === SEED_IDS.accountId);
    expect(account).toMatchObject({ name: 'Sandbox Studio' });
    expect(account.workspaces).toContainEqual({ id: SEED_IDS.workspaceId, name: 'Sandbox Workspace' });

    const put = await owner.client.request('PUT', '/api/v1/integrations/frameio/workspace', {
      account_id: SEED_IDS.accountId,
      workspace_id: SEED_IDS.workspaceId,
    });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({
      status: 'active',
      account: { id: SEED_IDS.accountId, name: 'Sandbox Studio' },
      workspace: { id: SEED_IDS.workspaceId, name: 'Sandbox Workspace' },
    });
    // One state, used once.
    const states = await stateRows(owner.orgId);
    expect(states).toHaveLength(1);
    expect(states[0]!.used_at).not.toBeNull();
  });

  it('lists workspaces across pages (accounts and workspaces beyond one page)', async () => {
    const owner = await signUp(t.app);
    await connectAs(t, owner.client);
    for (let i = 0; i < 3; i++)
      t.sandbox.control.addWorkspace({ account_id: SEED_IDS.accountId, name: `Extra ${i}` });
    const list = await owner.client.get('/api/v1/integrations/frameio/workspaces');
    const account = list.body.data.accounts.find((a: { id: string }) => a.id === SEED_IDS.accountId);
    expect(account.workspaces.map((w: { name: string }) => w.name)).toEqual(
      expect.arrayContaining(['Extra 0', 'Extra 1', 'Extra 2']),
    );
  });

  it('keeps organizations apart: another org sees its own (disconnected) card', async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    await connectAs(t, a.client);
    expect((await b.client.get(CARD)).body.data.status).toBe('disconnected');
    expect((await b.client.get('/api/v1/integrations/frameio/workspaces')).body.error.code).toBe(
      'frameio_not_connected',
    );
  });
});

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

describe('callback rejects what it did not start, and stores nothing', () => {
  async function started(client: import('../helpers/http-client.ts').TestClient) {
    const res = await client.post('/api/v1/integrations/frameio/connect');
    return new URL(res.body.data.authorize_url);
  }

  function expectError(location: URL, code: string) {
    expect(location.origin + location.pathname).toBe(`${PUBLIC_URL}/settings/integrations`);
    expect(location.searchParams.get('frameio_error')).toBe(code);
    expect(location.searchParams.get('message')?.length).toBeGreaterThan(10);
  }

  it('state bound to another browser (cookie mismatch) → state_mismatch; the state stays usable for its own browser', async () => {
    const owner = await signUp(t.app);
    const authorize = await started(owner.client);
    const back = await consent(authorize.href, { userId: SEED_IDS.alexId });
    // Another browser, logged in as the same owner, with its own Connect cookie.
    const other = t.app.client();
    await other.post('/api/v1/auth/login', { email: owner.email, password: 'correct horse battery' });
    await other.post('/api/v1/integrations/frameio/connect');
    const hijack = await browserGet(t, other, back.href);
    expectError(hijack.location, 'state_mismatch');
    expect(await connectionRow(t, owner.orgId)).toBeUndefined();
    const mine = (await stateRows(owner.orgId)).find((s) => s.used_at === null);
    expect(mine).toBeDefined();
  });

  it('missing browser cookie → state_mismatch, nothing stored', async () => {
    const owner = await signUp(t.app);
    const back = await consent((await started(owner.client)).href, { userId: SEED_IDS.alexId });
    const res = await browserGet(t, null, back.href);
    expectError(res.location, 'state_mismatch');
    expect(await connectionRow(t, owner.orgId)).toBeUndefined();
  });

  it('unknown state → invalid_state; no state at all → invalid_state', async () => {
    const owner = await signUp(t.app);
    await started(owner.client);
    const forged = await browserGet(t, owner.client, `${CALLBACK_URL}?code=abc&state=not-a-state-we-issued`);
    expectError(forged.location, 'invalid_state');
    const bare = await browserGet(t, owner.client, CALLBACK_URL);
    expectError(bare.location, 'invalid_state');
    expect(await connectionRow(t, owner.orgId)).toBeUndefined();
  });

  it('reused state → state_reused and the connection is untouched', async () => {
    const owner = await signUp(t.app);
    const authorize = await started(owner.client);
    const back = await consent(authorize.href, { userId: SEED_IDS.alexId });
    const cookie = owner.client.cookie('preroll_frameio_oauth')!;
    expect((await browserGet(t, owner.client, back.href)).location.searchParams.get('frameio')).toBe(
      'connected',
    );
    const before = await connectionRow(t, owner.orgId);
    owner.client.setCookie('preroll_frameio_oauth', cookie); // an attacker replaying the whole request
    const replay = await browserGet(t, owner.client, back.href);
    expectError(replay.location, 'state_reused');
    expect(await connectionRow(t, owner.orgId)).toEqual(before);
  });

  it('expired state (older than 10 minutes) → state_expired, nothing stored', async () => {
    const owner = await signUp(t.app);
    const back = await consent((await started(owner.client)).href, { userId: SEED_IDS.alexId });
    await t.app.preroll.db
      .updateTable('frameio_oauth_states')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('org_id', '=', owner.orgId)
      .execute();
    const res = await browserGet(t, owner.client, back.href);
    expectError(res.location, 'state_expired');
    expect(await connectionRow(t, owner.orgId)).toBeUndefined();
  });

  it('denied consent → frameio_error=access_denied with a clear message, nothing stored', async () => {
    const owner = await signUp(t.app);
    const back = await consent((await started(owner.client)).href, 'deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    const res = await browserGet(t, owner.client, back.href);
    expectError(res.location, 'access_denied');
    expect(res.location.searchParams.get('message')).toMatch(/denied/i);
    expect(await connectionRow(t, owner.orgId)).toBeUndefined();
  });

  it('a redirect URI error names the exact redirect URI expected', async () => {
    const owner = await signUp(t.app);
    const authorize = await started(owner.client);
    const state = authorize.searchParams.get('state')!;
    const res = await browserGet(
      t,
      owner.client,
      `${CALLBACK_URL}?error=redirect_uri_mismatch&error_description=${encodeURIComponent('redirect_uri does not match')}&state=${state}`,
    );
    expectError(res.location, 'redirect_uri_mismatch');
    expect(res.location.searchParams.get('message')).toContain(CALLBACK_URL);
    expect(await connectionRow(t, owner.orgId)).toBeUndefined();
  });

  it('the sandbox IMS itself refuses an unregistered redirect URI (what an admin would see at Adobe)', async () => {
    const owner = await signUp(t.app);
    const authorize = await started(owner.client);
    authorize.searchParams.set('redirect_uri', `${PUBLIC_URL}/api/integrations/frameio/callback/`);
    const res = await fetch(authorize, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('invalid_redirect_uri');
  });

  it('a rejected code (invalid_grant at the token endpoint) → frameio_error=invalid_grant, nothing stored', async () => {
    const owner = await signUp(t.app);
    const authorize = await started(owner.client);
    const res = await browserGet(
      t,
      owner.client,
      `${CALLBACK_URL}?code=forged-code&state=${authorize.searchParams.get('state')}`,
    );
    expectError(res.location, 'invalid_grant');
    expect(res.location.searchParams.get('message')).toContain(CALLBACK_URL);
    expect(await connectionRow(t, owner.orgId)).toBeUndefined();
  });

  it('a consent by someone who lost the admin role meanwhile → forbidden, nothing stored', async () => {
    const owner = await signUp(t.app);
    const admin = await createMember(t.app, owner.orgId, 'admin');
    const back = await consent((await started(admin.client)).href, { userId: SEED_IDS.alexId });
    await t.app.preroll.store.memberships.setRole(owner.orgId, admin.userId, 'member');
    const res = await browserGet(t, admin.client, back.href);
    expectError(res.location, 'forbidden');
    expect(await connectionRow(t, owner.orgId)).toBeUndefined();
  });
});

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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../helpers/factories.ts';
import { signUp } from '../helpers/test-app.ts';
import {
  browserGet,
  CALLBACK_URL,
  CARD,
  connectAs,
  connectionRow,
  consent,
  type FrameioTestEnv,
  oauthStateRows,
  PUBLIC_URL,
  SEED_IDS,
  startFrameioTestEnv,
} from './frameio-fixtures.ts';

/** Connecting an organization to Frame.io (OAuth with state and PKCE), and every callback it refuses. */
let t: FrameioTestEnv;
beforeAll(async () => {
  t = await startFrameioTestEnv();
});
afterAll(async () => {
  await t?.close();
});

const stateRows = (orgId: string) => oauthStateRows(t, orgId);

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

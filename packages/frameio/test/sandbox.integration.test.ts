import { type Sandbox, startSandbox } from '@preroll/frameio-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFrameioClient,
  createImsClient,
  createImsTokenProvider,
  createPkcePair,
  createState,
  type FolderWithIncludes,
  FrameioNotFoundError,
  FrameioServerError,
  FrameioUnsupportedError,
  ImsError,
  type ImsTokenSet,
  needsReconnect,
  paginatePages,
  type TokenProvider,
} from '../src/index.ts';

// The real client against the sandbox (packages/frameio-sandbox) over loopback HTTP: OAuth in,
// then the resources the Frame.io connection needs, then the failure paths (401 refresh, faults, revoke).

const CLIENT_ID = 'preroll-local';
const CLIENT_SECRET = 'preroll-local-secret';
const REDIRECT_URI = 'http://127.0.0.1:3000/api/integrations/frameio/callback';

let sandbox: Sandbox;

beforeAll(async () => {
  // 'off' still sends x-ratelimit-* headers but never answers 429 unless a fault says so.
  sandbox = await startSandbox({ rateLimitMode: 'off', transcodeDelayMs: 0 });
});
afterAll(async () => {
  await sandbox?.close();
});

async function mintTokens(): Promise<{ access_token: string; refresh_token: string; user_id: string }> {
  const res = await fetch(`${sandbox.url}/_sandbox/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: CLIENT_ID }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { access_token: string; refresh_token: string; user_id: string };
}

const imsClient = () =>
  createImsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: sandbox.url });

function clientFor(tokenProvider: TokenProvider) {
  return createFrameioClient({
    tokenProvider,
    baseUrl: sandbox.url,
    // Keep real-time waits short; the policy itself is covered by the unit tests.
    retry: { baseDelayMs: 10, rateLimitMinDelayMs: 20, serverErrorMinDelayMs: 20 },
  });
}

const staticTokens = (token: string): TokenProvider => ({
  getAccessToken: async () => token,
  refresh: async () => token,
});

describe('IMS OAuth against the sandbox', () => {
  it('authorize (PKCE S256) → code exchange → userinfo → refresh → revoke → invalid_grant', async () => {
    const ims = imsClient();
    const pkce = createPkcePair();
    const state = createState();
    const authorizeUrl = ims.authorizeUrl({
      redirectUri: REDIRECT_URI,
      state,
      codeChallenge: pkce.challenge,
    });
    expect(authorizeUrl.startsWith(`${sandbox.url}/ims/authorize/v2?`)).toBe(true);

    // The sandbox shows a consent page; submit it as the browser would.
    const consent = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(consent.status).toBe(200);
    const html = await consent.text();
    const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1];
    expect(requestId).toBeDefined();
    const decision = await fetch(`${sandbox.url}/ims/authorize/v2/decision`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request_id: requestId ?? '', user_id: sandbox.seed.users[0]?.id ?? '' }),
    });
    expect(decision.status).toBe(302);
    const callback = new URL(decision.headers.get('location') ?? '');
    expect(callback.searchParams.get('state')).toBe(state);
    const code = callback.searchParams.get('code') ?? '';

    const tokens = await ims.exchangeCode({ code, redirectUri: REDIRECT_URI, codeVerifier: pkce.verifier });
    expect(tokens.accessToken).toBeTruthy();
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.expiresIn).toBeGreaterThan(0);

    const me = await ims.userinfo(tokens.accessToken);
    expect(me.sub).toBe(sandbox.seed.users[0]?.adobe_user_id);

    const refreshed = await ims.refresh(tokens.refreshToken ?? '');
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).toBeTruthy();
    const api = clientFor(staticTokens(refreshed.accessToken));
    expect((await api.users.me()).email).toBe(sandbox.seed.users[0]?.email);

    await ims.revoke(refreshed.refreshToken ?? '', 'refresh_token');
    const err = await ims.refresh(refreshed.refreshToken ?? '').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImsError);
    expect((err as ImsError).code).toBe('invalid_grant');
    expect(needsReconnect(err)).toBe(true);

    // Codes are single use (checked last: IMS-style servers revoke the grant's tokens on reuse).
    await expect(
      ims.exchangeCode({ code, redirectUri: REDIRECT_URI, codeVerifier: pkce.verifier }),
    ).rejects.toMatchObject({ name: 'ImsError', code: 'invalid_grant' });
  });
});

describe('Frame.io API against the sandbox', () => {
  it('lists accounts and workspaces, creates a project tree, pages through children', async () => {
    const { access_token } = await mintTokens();
    const api = clientFor(staticTokens(access_token));

    const accounts = await api.accounts.list();
    expect(accounts.data.map((a) => a.id)).toContain(sandbox.seed.accountId);
    const accountId = sandbox.seed.accountId;
    const workspaces: string[] = [];
    for await (const w of api.workspaces.iterate(accountId)) workspaces.push(w.id);
    expect(workspaces).toContain(sandbox.seed.workspaceId);

    const project = await api.projects.create(accountId, sandbox.seed.workspaceId, {
      name: 'Show: Night Shift',
    });
    expect(project.root_folder_id).toBeTruthy();
    expect((await api.projects.show(accountId, project.id)).name).toBe('Show: Night Shift');

    const created: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const folder = await api.folders.create(accountId, project.root_folder_id, { name: `Episode ${i}` });
      expect(folder.parent_id).toBe(project.root_folder_id);
      created.push(folder.id);
    }

    const pages: number[] = [];
    for await (const page of pagesOf(api, accountId, project.root_folder_id)) pages.push(page.length);
    expect(pages).toEqual([2, 2, 1]);
    const seen: string[] = [];
    for await (const child of api.folders.iterateChildren(accountId, project.root_folder_id, {
      page_size: 2,
      type: 'folder',
    })) {
      seen.push(child.id);
    }
    expect(seen.sort()).toEqual([...created].sort());

    const renamed = await api.folders.update(accountId, created[0] ?? '', { name: 'Episode 1 (final)' });
    expect(renamed.name).toBe('Episode 1 (final)');
    await api.folders.delete(accountId, created[4] ?? '');
    await expect(api.folders.show(accountId, created[4] ?? '')).rejects.toBeInstanceOf(FrameioNotFoundError);
  });

  it('comments CRUD with framestamps passed through unchanged', async () => {
    const { access_token } = await mintTokens();
    const api = clientFor(staticTokens(access_token));
    const accountId = sandbox.seed.accountId;
    const project = await api.projects.create(accountId, sandbox.seed.workspaceId, { name: 'Comments' });
    const file = await api.files.createLocalUpload(accountId, project.root_folder_id, {
      name: 'cut-v1.mp4',
      file_size: 1024,
    });
    expect(file.upload_urls?.length).toBeGreaterThan(0);

    const comment = await api.comments.create(accountId, file.id, {
      text: 'Trim the intro',
      timestamp: 1,
      duration: 24,
    });
    expect(comment).toMatchObject({ text: 'Trim the intro', timestamp: 1, duration: 24, file_id: file.id });
    const shown = await api.comments.show(accountId, comment.id, { include: 'owner' });
    expect(shown.owner?.email).toBe(sandbox.seed.users[0]?.email);
    const updated = await api.comments.update(accountId, comment.id, {
      text: 'Trim the intro by 2 s',
      completed: true,
    });
    expect(updated.text).toBe('Trim the intro by 2 s');
    expect(updated.completed_at).not.toBeNull();
    const list = await api.comments.list(accountId, file.id);
    expect(list.data.map((c) => c.id)).toEqual([comment.id]);
    await api.comments.delete(accountId, comment.id);
    await expect(api.comments.show(accountId, comment.id)).rejects.toBeInstanceOf(FrameioNotFoundError);
  });

  it('a 503 on comment create is not blindly retried; a guard that finds no comment allows exactly one retry', async () => {
    const { access_token } = await mintTokens();
    const api = clientFor(staticTokens(access_token));
    const accountId = sandbox.seed.accountId;
    const project = await api.projects.create(accountId, sandbox.seed.workspaceId, { name: 'Faults' });
    const file = await api.files.createLocalUpload(accountId, project.root_folder_id, {
      name: 'a.mp4',
      file_size: 10,
    });

    sandbox.control.setFault({ operation: 'comments.create', status: 503, count: 1 });
    const err = await api.comments.create(accountId, file.id, { text: 'once' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameioServerError);
    expect((err as FrameioServerError).maybeApplied).toBe(true);

    sandbox.control.setFault({ operation: 'comments.create', status: 503, count: 1 });
    const created = await api.comments.create(
      accountId,
      file.id,
      { text: 'guarded' },
      {
        retryGuard: async () => {
          for await (const c of api.comments.iterate(accountId, file.id))
            if (c.text === 'guarded') return false;
          return true;
        },
      },
    );
    expect(created.text).toBe('guarded');
    const texts = (await api.comments.list(accountId, file.id)).data.map((c) => c.text);
    expect(texts).toEqual(['guarded']);

    // A 429 on a GET is retried transparently.
    sandbox.control.setFault({ operation: 'users.show', status: 429, count: 1 });
    await expect(api.users.me()).resolves.toMatchObject({ email: sandbox.seed.users[0]?.email });
    sandbox.control.clearFaults();
  });

  it('an operation the server does not offer (501) fails at once, unretried, with FrameioUnsupportedError', async () => {
    const { access_token } = await mintTokens();
    // The slow 5xx floor would show if a 501 were retried.
    const api = createFrameioClient({
      tokenProvider: staticTokens(access_token),
      baseUrl: sandbox.url,
      retry: { serverErrorMinDelayMs: 60_000, maxRetryAfterMs: 120_000 },
    });
    const accountId = sandbox.seed.accountId;
    const project = await api.projects.create(accountId, sandbox.seed.workspaceId, { name: 'Not emulated' });
    const started = Date.now();
    const err = await api.http
      .request({
        operation: 'folders.show',
        path: `/v4/accounts/${accountId}/folders/${project.root_folder_id}/copy`,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameioUnsupportedError);
    expect(err).toMatchObject({
      kind: 'unsupported',
      status: 501,
      attempts: 1,
      errors: [
        { detail: 'not emulated by the sandbox: GET /v4/accounts/{account_id}/folders/{folder_id}/copy' },
      ],
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('adapts to the x-ratelimit-* headers of a stricter server instead of collecting 429s', async () => {
    const { access_token } = await mintTokens();
    const retries: number[] = [];
    const api = createFrameioClient({
      tokenProvider: staticTokens(access_token),
      baseUrl: sandbox.url,
      onRetry: (e) => retries.push(e.status ?? 0),
    });
    const accountId = sandbox.seed.accountId;
    const project = await api.projects.create(accountId, sandbox.seed.workspaceId, { name: 'Strict' });
    const file = await api.files.createLocalUpload(accountId, project.root_folder_id, {
      name: 's.mp4',
      file_size: 10,
    });
    // strict = a tenth of the documented limits: files.show drops from 10/s to 1/s.
    sandbox.control.setRateLimitMode('strict');
    try {
      const started = Date.now();
      for (let i = 0; i < 3; i++) await api.files.show(accountId, file.id);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
      expect(retries).toEqual([]);
    } finally {
      sandbox.control.setRateLimitMode('off');
    }
  });

  it('expired access token: 50 concurrent calls share exactly one IMS refresh', async () => {
    const minted = await mintTokens();
    let stored: ImsTokenSet = {
      accessToken: minted.access_token,
      refreshToken: minted.refresh_token,
      tokenType: 'bearer',
      expiresIn: 86399,
      expiresAt: Date.now() + 86_399_000,
    };
    const ims = imsClient();
    let refreshCalls = 0;
    const counted = {
      ...ims,
      refresh: (rt: string) => {
        refreshCalls += 1;
        return ims.refresh(rt);
      },
    };
    const provider = createImsTokenProvider({
      ims: counted,
      load: async () => stored,
      save: async (t) => {
        stored = t;
      },
    });
    const api = createFrameioClient({ tokenProvider: provider, baseUrl: sandbox.url, rateLimits: false });
    expect((await api.users.me()).id).toBe(minted.user_id);

    sandbox.control.expireTokens(minted.user_id);
    const results = await Promise.all(Array.from({ length: 50 }, () => api.users.me()));
    expect(results.every((r) => r.id === minted.user_id)).toBe(true);
    expect(refreshCalls).toBe(1);
    expect(stored.accessToken).not.toBe(minted.access_token);

    // Refresh token revoked too: the next 401 ends in needs-reconnect.
    sandbox.control.revokeTokens(minted.user_id, { includeRefresh: true });
    const err = await api.users.me().catch((e: unknown) => e);
    expect(needsReconnect(err)).toBe(true);
  });
});

async function* pagesOf(
  api: ReturnType<typeof clientFor>,
  accountId: string,
  folderId: string,
): AsyncGenerator<FolderWithIncludes[]> {
  for await (const page of paginatePages<FolderWithIncludes>(api.http, {
    operation: 'folders.index',
    path: `/v4/accounts/${accountId}/folders/${folderId}/children`,
    query: { page_size: 2 },
  })) {
    yield page.data;
  }
}

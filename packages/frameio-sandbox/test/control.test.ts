import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, SEED_IDS, startSandbox } from '../src/index.ts';
import { ApiClient } from './helpers/api-client.ts';
import { createProject, P, uploadFile } from './helpers/fixtures.ts';

let sb: Sandbox;
const post = (path: string, body?: unknown, method = 'POST') =>
  fetch(`${sb.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  sb = await startSandbox({ port: 0, transcodeDelayMs: 10 });
});
afterAll(async () => {
  await sb.close();
});

describe('control API over HTTP', () => {
  it('lists its routes', async () => {
    const info = (await (await fetch(`${sb.url}/_sandbox`)).json()) as { routes: string[] };
    expect(info.routes).toContain('POST /_sandbox/tokens');
    expect(info.routes).toContain('POST /_sandbox/reset');
  });

  it('mints tokens without the browser, for a chosen user, scope and lifetime', async () => {
    const r = await post('/_sandbox/tokens', {
      client_id: 'preroll-local',
      user_id: SEED_IDS.rileyId,
      expires_in: 120,
    });
    expect(r.status).toBe(201);
    const t = (await r.json()) as { access_token: string; refresh_token: string; expires_in: number };
    expect(t.expires_in).toBe(120);
    expect(typeof t.refresh_token).toBe('string');
    const me = await new ApiClient(sb.url, t.access_token).call('GET', P.me);
    expect(me.body.data.id).toBe(SEED_IDS.rileyId);
    expect((await post('/_sandbox/tokens', { client_id: 'nope' })).status).toBe(404);
  });

  it('registers clients and redirect URIs', async () => {
    const r = await post('/_sandbox/clients', {
      client_id: 'ci',
      client_secret: 's3',
      redirect_uris: ['http://127.0.0.1:9999/cb'],
    });
    expect(r.status).toBe(201);
    const add = await post('/_sandbox/clients/ci/redirect_uris', {
      redirect_uri: 'http://127.0.0.1:9999/cb2',
    });
    expect(((await add.json()) as { redirect_uris: string[] }).redirect_uris).toEqual([
      'http://127.0.0.1:9999/cb',
      'http://127.0.0.1:9999/cb2',
    ]);
    const page = await fetch(
      `${sb.imsUrl}/authorize/v2?client_id=ci&redirect_uri=${encodeURIComponent('http://127.0.0.1:9999/cb2')}`,
    );
    expect(page.status).toBe(200);
    await page.text();
    expect((await post('/_sandbox/clients', { redirect_uris: [] })).status).toBe(400);
    expect((await post('/_sandbox/clients', { redirect_uris: ['http://example.com/cb'] })).status).toBe(400);
    expect((await post('/_sandbox/clients', { redirect_uris: ['https://example.com/cb'] })).status).toBe(201);
  });

  it("sets and clears faults; expires and revokes a user's tokens", async () => {
    const api = new ApiClient(
      sb.url,
      sb.control.mintTokens({ client_id: 'preroll-local', user_id: SEED_IDS.rileyId }).access_token,
    );
    expect((await post('/_sandbox/faults', { operation: 'users.show', status: 500, count: 1 })).status).toBe(
      201,
    );
    expect((await api.call('GET', P.me)).status).toBe(500);
    expect((await post('/_sandbox/faults', { operation: 'users.show', status: 418 })).status).toBe(400);
    expect((await post('/_sandbox/faults', undefined, 'DELETE')).status).toBe(204);
    expect((await api.call('GET', P.me)).status).toBe(200);
    const exp = await post(`/_sandbox/users/${SEED_IDS.rileyId}/tokens/expire`, {});
    expect(((await exp.json()) as { changed: number }).changed).toBeGreaterThan(0);
    expect((await api.call('GET', P.me)).status).toBe(401);
    const pair = sb.control.mintTokens({ client_id: 'preroll-local', user_id: SEED_IDS.rileyId });
    await post(`/_sandbox/users/${SEED_IDS.rileyId}/tokens/revoke`, {});
    expect((await new ApiClient(sb.url, pair.access_token).call('GET', P.me)).status).toBe(401);
    const refresh = await fetch(`${sb.imsUrl}/token/v3`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: pair.refresh_token,
        client_id: 'preroll-local',
        client_secret: 'preroll-local-secret',
      }).toString(),
    });
    expect(refresh.status).toBe(400);
  });

  it('seeds users, accounts, workspaces; sets fps, rate-limit mode; upload facts; replies; reset', async () => {
    const u = (await (
      await post('/_sandbox/users', { name: 'Sam Seeded', email: 'sam@sandbox.test' })
    ).json()) as { id: string };
    const a = (await (
      await post('/_sandbox/accounts', { display_name: 'Seeded Co', owner_user_id: u.id })
    ).json()) as { id: string };
    const w = await post('/_sandbox/workspaces', { account_id: a.id, name: 'Seeded WS' });
    expect(w.status).toBe(201);
    const sam = new ApiClient(
      sb.url,
      sb.control.mintTokens({ client_id: 'preroll-local', user_id: u.id }).access_token,
    );
    const accounts = await sam.call('GET', P.accounts);
    expect(accounts.body.data.map((x: { display_name: string }) => x.display_name).sort()).toEqual([
      'Sandbox Studio',
      'Seeded Co',
    ]);

    const alex = new ApiClient(sb.url, sb.control.mintTokens({ client_id: 'preroll-local' }).access_token);
    const p = await createProject(alex, sb, 'Ctl');
    const f = await uploadFile(alex, sb, p.root_folder_id, 'x.mp4', Buffer.alloc(10));
    expect((await post(`/_sandbox/files/${f.id}/fps`, { num: 25, den: 1 }, 'PUT')).status).toBe(204);
    const c = await alex.call('POST', P.comments, {
      params: { account_id: sb.seed.accountId, file_id: f.id },
      query: { timestamp_as_timecode: 'true' },
      body: { data: { text: 't', timestamp: 26 } },
    });
    expect(c.body.data.timestamp).toBe('00:00:01:00');
    const facts = (await (await fetch(`${sb.url}/_sandbox/files/${f.id}/upload`)).json()) as {
      sha256: string;
      parts: { puts: number }[];
    };
    expect(facts.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(facts.parts[0]!.puts).toBe(1);
    const reply = await post(`/_sandbox/comments/${c.body.data.id}/replies`, {
      user_id: SEED_IDS.rileyId,
      text: 'ok',
    });
    expect(reply.status).toBe(201);
    expect((await post('/_sandbox/rate-limit', { mode: 'strict' }, 'PUT')).status).toBe(204);
    expect((await alex.call('GET', P.me)).headers.get('x-ratelimit-limit')).toBe('10');
    expect((await post('/_sandbox/rate-limit', { mode: 'bogus' }, 'PUT')).status).toBe(400);
    expect((await post('/_sandbox/reset')).status).toBe(204);
    expect((await alex.call('GET', P.me)).status).toBe(401);
    const fresh = new ApiClient(sb.url, sb.control.mintTokens({ client_id: 'preroll-local' }).access_token);
    const projects = await fresh.call('GET', P.projects, {
      params: { account_id: sb.seed.accountId, workspace_id: sb.seed.workspaceId },
    });
    expect(projects.body.data).toEqual([]);
    expect(fresh.token).toBeTruthy();
  });
});

describe('options', () => {
  it('control: false removes /_sandbox', async () => {
    const off = await startSandbox({ port: 0, control: false });
    try {
      expect((await fetch(`${off.url}/_sandbox/tokens`, { method: 'POST' })).status).toBe(404);
    } finally {
      await off.close();
    }
  });

  it('statePath persists state across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbx-state-'));
    const statePath = join(dir, 'state.json');
    const first = await startSandbox({ port: 0, statePath });
    const api = new ApiClient(
      first.url,
      first.control.mintTokens({ client_id: 'preroll-local' }).access_token,
    );
    const p = await createProject(api, first, 'Persisted');
    const f = await uploadFile(api, first, p.root_folder_id, 'keep.mp4', Buffer.from('persisted bytes'));
    const shown = await api.call('GET', P.file, {
      params: { account_id: first.seed.accountId, file_id: f.id },
      query: { include: 'media_links.original' },
    });
    const link = new URL(shown.body.data.media_links.original.inline_url as string);
    await first.close();
    const second = await startSandbox({ port: 0, statePath });
    try {
      const again = new ApiClient(second.url, api.token);
      const r = await again.call('GET', P.project, {
        params: { account_id: second.seed.accountId, project_id: p.id },
      });
      expect(r.status).toBe(200);
      expect(r.body.data.name).toBe('Persisted');
      // bytes and signed links survive the restart
      const media = await fetch(`${second.url}${link.pathname}${link.search}`);
      expect(await media.text()).toBe('persisted bytes');
    } finally {
      await second.close();
    }
  });
});

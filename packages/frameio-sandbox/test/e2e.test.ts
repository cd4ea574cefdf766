import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, SEED_IDS, startSandbox } from '../src/index.ts';
import { ApiClient } from './helpers/api-client.ts';
import { clickConsentButton, pkcePair } from './helpers/consent-form.ts';
import { P } from './helpers/fixtures.ts';
import { startReceiver, verifySignature } from './helpers/webhook-receiver.ts';

const REDIRECT = 'http://127.0.0.1:3000/api/integrations/frameio/callback';
const SIZE = 200 * 1024 * 1024;

/** Writes SIZE random bytes to disk in chunks, hashing as it goes (never all in memory). */
async function makeFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  for (let written = 0; written < SIZE; ) {
    const chunk = randomBytes(Math.min(4 * 1024 * 1024, SIZE - written));
    hash.update(chunk);
    written += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
  return hash.digest('hex');
}

/** PUTs bytes [start, start+size) of a file, streamed from disk. */
function putPart(url: string, path: string, start: number, size: number, mediaType: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'PUT',
      headers: { 'content-type': mediaType, 'x-amz-acl': 'private', 'content-length': String(size) },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    createReadStream(path, { start, end: start + size - 1 }).pipe(req);
  });
}

async function tokenRequest(form: Record<string, string>): Promise<Response> {
  return fetch(`${sb.imsUrl}/token/v3`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from('preroll-local:preroll-local-secret').toString('base64')}`,
    },
    body: new URLSearchParams(form).toString(),
  });
}

let sb: Sandbox;
let dir: string;

beforeAll(async () => {
  sb = await startSandbox({ port: 0, transcodeDelayMs: 50, webhookBackoffScale: 0.001 });
  dir = mkdtempSync(join(tmpdir(), 'sbx-e2e-'));
});
afterAll(async () => {
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('end to end', () => {
  it('OAuth → project tree → 200 MB parallel upload → comments → signed webhooks → revoke', {
    timeout: 180_000,
  }, async () => {
    // 1. OAuth authorization code + PKCE S256 + state, through the consent page form
    const { verifier, challenge } = pkcePair();
    const state = randomBytes(12).toString('hex');
    const authorize = `${sb.imsUrl}/authorize/v2?${new URLSearchParams({
      client_id: 'preroll-local',
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid,profile,email,offline_access,additional_info.roles',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString()}`;
    const page = await fetch(authorize);
    const consent = await clickConsentButton(authorize, await page.text(), /Continue as Alex Producer/);
    expect(consent.status).toBe(302);
    const cb = new URL(consent.headers.get('location')!);
    expect(`${cb.origin}${cb.pathname}`).toBe(REDIRECT);
    expect(cb.searchParams.get('state')).toBe(state);
    const tokens = (await (
      await tokenRequest({
        grant_type: 'authorization_code',
        code: cb.searchParams.get('code')!,
        code_verifier: verifier,
        redirect_uri: REDIRECT,
      })
    ).json()) as Record<string, string>;
    expect(tokens.token_type).toBe('bearer');

    // 2. refresh: rotation, the old refresh token is dead
    const refreshed = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
    });
    expect(refreshed.status).toBe(200);
    const fresh = (await refreshed.json()) as Record<string, string>;
    const stale = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token! });
    expect(stale.status).toBe(400);
    expect(((await stale.json()) as { error: string }).error).toBe('invalid_grant');
    const api = new ApiClient(sb.url, fresh.access_token!);
    expect((await api.call('GET', P.me)).body.data.id).toBe(SEED_IDS.alexId);

    // 3. webhook on a local receiver
    const rx = await startReceiver();
    const accounts = await api.call('GET', P.accounts);
    const acc = accounts.body.data[0].id as string;
    const wss = await api.call('GET', P.workspaces, { params: { account_id: acc } });
    const ws = wss.body.data[0].id as string;
    const hook = await api.call('POST', P.webhooks, {
      params: { account_id: acc, workspace_id: ws },
      body: {
        data: {
          name: 'preroll',
          url: `${rx.url}/api/integrations/frameio/webhooks`,
          events: [
            'project.created',
            'folder.created',
            'file.created',
            'file.upload.completed',
            'file.ready',
            'comment.created',
          ],
        },
      },
    });
    const secret = hook.body.data.secret as string;

    try {
      // 4. project → folder → local upload of 200 MB, parts PUT in parallel from disk
      const project = (
        await api.call('POST', P.projects, {
          params: { account_id: acc, workspace_id: ws },
          body: { data: { name: 'Show: Pilot' } },
        })
      ).body.data;
      const folder = (
        await api.call('POST', P.subfolders, {
          params: { account_id: acc, folder_id: project.root_folder_id },
          body: { data: { name: 'Episode 1' } },
        })
      ).body.data;
      const path = join(dir, 'cut.mov');
      const sha = await makeFile(path);
      const created = await api.call('POST', P.localUpload, {
        params: { account_id: acc, folder_id: folder.id },
        body: { data: { name: 'cut.mov', file_size: SIZE } },
      });
      expect(created.status).toBe(201);
      const file = created.body.data;
      const urls = file.upload_urls as { url: string; size: number }[];
      expect(urls.reduce((s, u) => s + u.size, 0)).toBe(SIZE);
      expect(urls.length).toBeGreaterThan(1);
      let offset = 0;
      const jobs = urls.map((u) => {
        const start = offset;
        offset += u.size;
        return { ...u, start };
      });
      const statuses: number[] = [];
      const queue = [...jobs];
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let j = queue.shift(); j; j = queue.shift())
            statuses.push(await putPart(j.url, path, j.start, j.size, file.media_type));
        }),
      );
      expect(statuses.every((s) => s === 200)).toBe(true);
      for (let i = 0; i < 300; i++) {
        const s = await api.call('GET', P.file, { params: { account_id: acc, file_id: file.id } });
        if (s.body.data.status === 'transcoded') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const status = await api.call('GET', P.fileStatus, { params: { account_id: acc, file_id: file.id } });
      expect(status.body.data.upload_complete).toBe(true);
      expect(sb.control.uploadFacts(file.id).sha256).toBe(sha);

      // 5. comments. Random bytes have no readable rate: the test gives the file one.
      expect(sb.control.uploadFacts(file.id).media.state).toBe('unreadable');
      sb.control.setFileFps(file.id, { num: 24, den: 1 });
      const c1 = await api.call('POST', P.comments, {
        params: { account_id: acc, file_id: file.id },
        body: { data: { text: 'Logo too early', timestamp: '00:00:10:00' } },
      });
      expect(c1.status).toBe(201);
      expect(c1.body.data.timestamp).toBe(241);
      const c2 = await api.call('POST', P.comments, {
        params: { account_id: acc, file_id: file.id },
        body: { data: { text: 'Music swell', timestamp: 480, duration: 48 } },
      });
      expect(c2.status).toBe(201);
      sb.control.createReply(c1.body.data.id, { user_id: SEED_IDS.rileyId, text: 'Agreed' });
      const listed = await api.call('GET', P.comments, {
        params: { account_id: acc, file_id: file.id },
        query: { include: 'owner,replies', timestamp_as_timecode: 'true' },
      });
      expect(listed.body.data.map((c: { timestamp: string }) => c.timestamp)).toEqual([
        '00:00:10:00',
        '00:00:19:23',
      ]);

      // 6. signed webhooks arrived and verify
      await new Promise((r) => setTimeout(r, 100));
      await sb.control.waitForWebhooks();
      const types = rx.received.map((r) => r.json.type);
      for (const t of [
        'project.created',
        'folder.created',
        'file.created',
        'file.upload.completed',
        'file.ready',
        'comment.created',
      ])
        expect(types).toContain(t);
      expect(types.filter((t) => t === 'comment.created')).toHaveLength(3);
      for (const r of rx.received) expect(verifySignature(secret, r)).toBe(true);
      const riley = rx.received.filter((r) => r.json.type === 'comment.created').map((r) => r.json.user.id);
      expect(riley).toContain(SEED_IDS.rileyId);
    } finally {
      await rx.close();
    }

    // 7. revoke → the API answers 401
    const rev = await fetch(`${sb.imsUrl}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: fresh.access_token!,
        client_id: 'preroll-local',
        client_secret: 'preroll-local-secret',
      }).toString(),
    });
    expect(rev.status).toBe(200);
    expect((await api.call('GET', P.me)).status).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, SEED_IDS, startSandbox } from '../src/index.ts';
import { ApiClient } from './helpers/api-client.ts';
import { createProject, P, uploadFile } from './helpers/fixtures.ts';
import { startReceiver } from './helpers/webhook-receiver.ts';

let sb: Sandbox;
let api: ApiClient;

beforeAll(async () => {
  sb = await startSandbox({ port: 0, transcodeDelayMs: 10 });
  api = new ApiClient(sb.url, sb.control.mintTokens({ client_id: 'preroll-local' }).access_token);
});
afterAll(async () => {
  await sb.close();
});

const form = (path: string, fields: Record<string, string>, cookie = '') =>
  fetch(`${sb.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
const page = async (path: string, cookie = '') =>
  (await fetch(`${sb.url}${path}`, { headers: cookie ? { cookie } : {} })).text();

describe('reviewer UI', () => {
  it('browses, comments at a frame, replies, resolves, sets Status as the acting user; escapes user text', async () => {
    const rx = await startReceiver();
    const hook = await api.call('POST', P.webhooks, {
      params: { account_id: sb.seed.accountId, workspace_id: sb.seed.workspaceId },
      body: {
        data: {
          name: 'ui',
          url: rx.url,
          events: ['comment.created', 'comment.completed', 'metadata.value.updated'],
        },
      },
    });
    try {
      const p = await createProject(api, sb, '<script>alert(1)</script> Show');
      const file = await uploadFile(api, sb, p.root_folder_id, 'cut.mp4', Buffer.alloc(64));
      const home = await page('/ui/');
      expect(home).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Show');
      expect(home).not.toContain('<script>alert(1)</script>');
      expect(home).toContain('<label for="acting-user">Acting user</label>');
      const folder = await page(`/ui/project/${p.id}/`);
      expect(folder).toContain(`/ui/project/${p.id}/view/${file.id}`);

      const switched = await form('/ui/acting-user', {
        user_id: SEED_IDS.rileyId,
        return_to: `/ui/project/${p.id}/view/${file.id}`,
      });
      expect(switched.status).toBe(303);
      const cookie = switched.headers.get('set-cookie')!.split(';')[0]!;
      const view = await page(`/ui/project/${p.id}/view/${file.id}`, cookie);
      expect(view).toContain('<video id="player"');
      expect(view).toContain('<label for="comment-frame">Framestamp (from 1)</label>');
      expect(view).toContain('<label for="comment-duration">Duration (frames)</label>');
      expect(view).toContain('<label for="status-select">Status</label>');

      const ret = `/ui/project/${p.id}/view/${file.id}`;
      expect(
        (
          await form(
            `/ui/files/${file.id}/comments`,
            { text: 'Too dark <b>here</b>', timestamp: '25', return_to: ret },
            cookie,
          )
        ).status,
      ).toBe(303);
      const refused = await form(
        `/ui/files/${file.id}/comments`,
        { text: 'Bad frame', timestamp: '2.5', return_to: ret },
        cookie,
      );
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('<p role="alert">Framestamp must be a whole number from 1</p>');
      expect(
        (
          await form(
            `/ui/files/${file.id}/comments`,
            {
              text: 'Range, already handled',
              timestamp: '30',
              duration: '12',
              completed: 'true',
              return_to: ret,
            },
            cookie,
          )
        ).status,
      ).toBe(303);
      const listed = await api.call('GET', P.comments, {
        params: { account_id: sb.seed.accountId, file_id: file.id },
        query: { include: 'owner' },
      });
      expect(listed.body.data).toHaveLength(2);
      const c = listed.body.data[0];
      expect(c).toMatchObject({ text: 'Too dark <b>here</b>', timestamp: 25 });
      expect(listed.body.data[1]).toMatchObject({
        timestamp: 30,
        duration: 12,
        completer_id: SEED_IDS.rileyId,
      });
      expect(c.owner.id).toBe(SEED_IDS.rileyId);
      await form(`/ui/comments/${c.id}/replies`, { text: 'Fixed in v2', return_to: ret }, cookie);
      await form(`/ui/comments/${c.id}/completion`, { completed: 'true', return_to: ret }, cookie);
      await form(
        `/ui/files/${file.id}/status`,
        { option_id: SEED_IDS.statusOptions.approved, return_to: ret },
        cookie,
      );
      const after = await page(ret, cookie);
      expect(after).toContain('Too dark &lt;b&gt;here&lt;/b&gt;');
      expect(after).toContain('Fixed in v2');
      expect(after).toContain('Reopen');
      expect(after).toContain(
        `<option value="${SEED_IDS.statusOptions.approved}" selected>Approved</option>`,
      );
      const shown = await api.call('GET', P.comment, {
        params: { account_id: sb.seed.accountId, comment_id: c.id },
        query: { include: 'replies' },
      });
      expect(shown.body.data.completer_id).toBe(SEED_IDS.rileyId);
      expect(shown.body.data.replies[0].text).toBe('Fixed in v2');

      await sb.control.waitForWebhooks();
      expect(rx.received.every((r) => r.json.user.id === SEED_IDS.rileyId)).toBe(true);
      expect(rx.received.map((r) => r.json.type).sort()).toEqual([
        'comment.completed',
        'comment.created',
        'comment.created',
        'comment.created',
        'metadata.value.updated',
      ]);
      const log = await page('/ui/webhooks');
      expect(log).toContain('metadata.value.updated');
      expect(
        (
          await form('/ui/acting-user', { user_id: SEED_IDS.alexId, return_to: 'https://evil.example/' })
        ).headers.get('location'),
      ).toBe('/ui/');
    } finally {
      await api.call('DELETE', P.webhook, {
        params: { account_id: sb.seed.accountId, webhook_id: hook.body.data.id },
      });
      await rx.close();
    }
  });

  it('short_url opens the shared asset', async () => {
    const p = await createProject(api, sb, 'Shared');
    const file = await uploadFile(api, sb, p.root_folder_id, 'cut.mp4', Buffer.alloc(8));
    const s = await api.call('POST', P.shares, {
      params: { account_id: sb.seed.accountId, project_id: p.id },
      body: { data: { type: 'asset', name: 'Review', access: 'public', asset_ids: [file.id] } },
    });
    const r = await fetch(s.body.data.short_url, { redirect: 'manual' });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe(`/ui/project/${p.id}/view/${file.id}`);
    const viewed = await api.call('GET', P.share, {
      params: { account_id: sb.seed.accountId, share_id: s.body.data.id },
    });
    expect(viewed.body.data.last_viewed_at).not.toBeNull();
  });
});

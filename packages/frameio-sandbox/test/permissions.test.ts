import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, SEED_IDS, startSandbox } from '../src/index.ts';
import { ApiClient } from './helpers/api-client.ts';
import { createProject, P, uploadFile } from './helpers/fixtures.ts';

/**
 * Permissions as Frame.io has them: webhooks are for account admins only; a comment is changed
 * only by its author (anyone may resolve it) and deleted by its author or an account admin.
 * The control API switches a user's account role.
 */
let sb: Sandbox;
let alex: ApiClient;
let riley: ApiClient;
let acc: string;
let ws: string;
beforeAll(async () => {
  sb = await startSandbox({ port: 0, transcodeDelayMs: 10 });
  acc = sb.seed.accountId;
  ws = sb.seed.workspaceId;
  alex = new ApiClient(
    sb.url,
    sb.control.mintTokens({ client_id: 'preroll-local', user_id: SEED_IDS.alexId }).access_token,
  );
  riley = new ApiClient(
    sb.url,
    sb.control.mintTokens({ client_id: 'preroll-local', user_id: SEED_IDS.rileyId }).access_token,
  );
});
afterAll(async () => {
  await sb.close();
});

const hookBody = {
  data: { name: 'hook', url: 'https://hooks.example/frameio', events: ['comment.created'] },
};
const setRole = (userId: string, role: string) =>
  fetch(`${sb.url}/_sandbox/users/${userId}/role`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role }),
  });

describe('webhooks are for account admins', () => {
  it('a member gets 403 on create, update and delete, and nothing changes; reading is open', async () => {
    const wp = { account_id: acc, workspace_id: ws };
    const denied = await riley.call('POST', P.webhooks, { params: wp, body: hookBody });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      errors: [{ detail: 'Only account admins can create, change or delete webhooks' }],
    });
    const hook = await alex.call('POST', P.webhooks, { params: wp, body: hookBody });
    expect(hook.status).toBe(201);
    const hp = { account_id: acc, webhook_id: hook.body.data.id };
    expect(
      (await riley.call('PATCH', P.webhook, { params: hp, body: { data: { name: 'mine' } } })).status,
    ).toBe(403);
    expect((await riley.call('DELETE', P.webhook, { params: hp })).status).toBe(403);
    const listed = await riley.call('GET', P.webhooks, { params: wp });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((w: { id: string; name: string }) => [w.id, w.name])).toEqual([
      [hook.body.data.id, 'hook'],
    ]);
    expect((await alex.call('DELETE', P.webhook, { params: hp })).status).toBe(204);
  });

  it('the control API makes the connecting user a member (403) and an admin again (201)', async () => {
    const wp = { account_id: acc, workspace_id: ws };
    const demoted = await setRole(SEED_IDS.alexId, 'member');
    expect(demoted.status).toBe(200);
    expect(await demoted.json()).toEqual({ account_id: acc, user_id: SEED_IDS.alexId, role: 'member' });
    try {
      const accounts = await alex.call('GET', P.accounts);
      expect(accounts.body.data[0].roles).toEqual(['member']);
      expect((await alex.call('POST', P.webhooks, { params: wp, body: hookBody })).status).toBe(403);
      expect((await setRole(SEED_IDS.alexId, 'admin')).status).toBe(200);
      const created = await alex.call('POST', P.webhooks, { params: wp, body: hookBody });
      expect(created.status).toBe(201);
      await alex.call('DELETE', P.webhook, { params: { account_id: acc, webhook_id: created.body.data.id } });
    } finally {
      sb.control.setAccountRole(SEED_IDS.alexId, 'owner');
    }
    expect((await setRole(SEED_IDS.alexId, 'boss')).status).toBe(400);
    expect((await setRole('00000000-0000-4000-8000-000000000000', 'member')).status).toBe(404);
  });
});

describe('comments belong to their author', () => {
  it('another user may resolve but not edit or delete (403, unchanged); an account admin may delete', async () => {
    const p = await createProject(alex, sb, 'Authors');
    const file = await uploadFile(alex, sb, p.root_folder_id, 'notes.pdf', Buffer.from('%PDF-1.4\n'));
    const fp = { account_id: acc, file_id: file.id };
    const byAlex = await alex.call('POST', P.comments, {
      params: fp,
      body: { data: { text: 'Alex wrote this' } },
    });
    const cp = { account_id: acc, comment_id: byAlex.body.data.id };
    const edit = await riley.call('PATCH', P.comment, {
      params: cp,
      body: { data: { text: 'Riley was here' } },
    });
    expect(edit.status).toBe(403);
    expect(edit.body.errors[0].detail).toBe("Only the comment's author can edit it");
    const mixed = await riley.call('PATCH', P.comment, {
      params: cp,
      body: { data: { completed: true, text: 'sneaky' } },
    });
    expect(mixed.status).toBe(403);
    expect((await alex.call('GET', P.comment, { params: cp })).body.data).toMatchObject({
      text: 'Alex wrote this',
      completed_at: null,
    });
    const resolved = await riley.call('PATCH', P.comment, {
      params: cp,
      body: { data: { completed: true } },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.data.completer_id).toBe(SEED_IDS.rileyId);
    expect((await riley.call('DELETE', P.comment, { params: cp })).status).toBe(403);
    expect((await alex.call('GET', P.comment, { params: cp })).status).toBe(200);

    const byRiley = await riley.call('POST', P.comments, {
      params: fp,
      body: { data: { text: 'Riley wrote this' } },
    });
    const rp = { account_id: acc, comment_id: byRiley.body.data.id };
    expect((await alex.call('PATCH', P.comment, { params: rp, body: { data: { text: 'x' } } })).status).toBe(
      403,
    );
    expect((await alex.call('DELETE', P.comment, { params: rp })).status).toBe(204);
    expect((await alex.call('DELETE', P.comment, { params: cp })).status).toBe(204);
  });

  it('a member who is the author edits and deletes their own comment', async () => {
    const p = await createProject(alex, sb, 'Own');
    const file = await uploadFile(alex, sb, p.root_folder_id, 'notes.pdf', Buffer.from('%PDF-1.4\n'));
    const c = await riley.call('POST', P.comments, {
      params: { account_id: acc, file_id: file.id },
      body: { data: { text: 'draft' } },
    });
    const cp = { account_id: acc, comment_id: c.body.data.id };
    expect(
      (await riley.call('PATCH', P.comment, { params: cp, body: { data: { text: 'final' } } })).status,
    ).toBe(200);
    expect((await riley.call('DELETE', P.comment, { params: cp })).status).toBe(204);
  });
});

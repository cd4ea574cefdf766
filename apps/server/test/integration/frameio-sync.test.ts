import { createHmac } from 'node:crypto';
import { signWebhook } from '@preroll/frameio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../helpers/http-client.ts';
import { SseStream } from '../helpers/sse-client.ts';
import { signUp } from '../helpers/test-app.ts';
import {
  connect,
  linkedVersion,
  localComments,
  remoteComments,
  SEED_IDS,
  type SyncEnv,
  sandboxApi,
  settle,
  startSyncEnv,
  waitFor,
} from './frameio-sync-fixtures.ts';

const WEBHOOK_PATH = '/api/integrations/frameio/webhooks';
let t: SyncEnv;
beforeAll(async () => {
  t = await startSyncEnv();
});
afterAll(async () => {
  await t?.close();
});

const db = () => t.app.preroll.db;
const deliveries = (orgId: string) =>
  db().selectFrom('webhook_deliveries').selectAll().where('org_id', '=', orgId).execute();

describe('webhook signature', () => {
  it('matches the documented algorithm on the fixed test vector', () => {
    const body = Buffer.from('{"type":"file.ready"}');
    expect(signWebhook('frameio-test-secret', '1604004499', body)).toBe(
      'v0=f204837f321441103dc9b2ea2bc12d253a6418e7fa421a2285c2c672e46c20e9',
    );
  });
});

describe('webhook registration', () => {
  it('picking the workspace registers one webhook at PUBLIC_URL with the secret sealed; re-create replaces it; disconnect removes it', async () => {
    const owner = await signUp(t.app);
    await connect(t, owner.client);
    const card = await owner.client.get('/api/v1/integrations/frameio');
    expect(card.body.data.webhook).toBe('active');
    const row = await db()
      .selectFrom('frameio_webhooks')
      .selectAll()
      .where('org_id', '=', owner.orgId)
      .executeTakeFirstOrThrow();
    expect(row.url).toBe(`${t.publicUrl}${WEBHOOK_PATH}`);
    expect(row.secret_enc.startsWith('v1.')).toBe(true);
    const remote = await sandboxApi(
      t,
      t.alexToken,
      'GET',
      `/v4/accounts/${SEED_IDS.accountId}/workspaces/${SEED_IDS.workspaceId}/webhooks?page_size=100`,
    );
    const ours = (remote.body.data as Array<{ id: string; url: string; events: string[] }>).filter(
      (w) => w.id === row.remote_id,
    );
    expect(ours).toHaveLength(1);
    expect(ours[0]!.url).toBe(row.url);
    expect(ours[0]!.events).toEqual(
      expect.arrayContaining(['comment.created', 'comment.deleted', 'metadata.value.updated', 'file.ready']),
    );

    const again = await owner.client.post('/api/v1/integrations/frameio/webhook');
    expect(again.status, again.text).toBe(200);
    expect(again.body.data.status).toBe('active');
    expect(JSON.stringify(again.body)).not.toContain('secret');
    const row2 = await db()
      .selectFrom('frameio_webhooks')
      .selectAll()
      .where('org_id', '=', owner.orgId)
      .executeTakeFirstOrThrow();
    expect(row2.remote_id).not.toBe(row.remote_id);
    const old = await sandboxApi(
      t,
      t.alexToken,
      'GET',
      `/v4/accounts/${SEED_IDS.accountId}/webhooks/${row.remote_id}`,
    );
    expect(old.status).toBe(404);

    const gone = await owner.client.request('DELETE', '/api/v1/integrations/frameio');
    expect(gone.status, gone.text).toBe(200);
    expect(gone.body.data.warnings).toEqual([]);
    const after = await sandboxApi(
      t,
      t.alexToken,
      'GET',
      `/v4/accounts/${SEED_IDS.accountId}/webhooks/${row2.remote_id}`,
    );
    expect(after.status).toBe(404);
    expect(
      await db().selectFrom('frameio_webhooks').selectAll().where('org_id', '=', owner.orgId).execute(),
    ).toEqual([]);
  });

  it('a member cannot re-create the webhook (403)', async () => {
    const { joinAs } = await import('./domain-fixtures.ts');
    const owner = await signUp(t.app);
    await connect(t, owner.client);
    const member = await joinAs(t.app, owner, 'member');
    const res = await member.post('/api/v1/integrations/frameio/webhook');
    expect(res.status).toBe(403);
  });
});

describe('webhook receiver: bad input', () => {
  const secret = 'receiver-test-secret';
  const account = 'a0000000-0000-4000-8000-000000000001';
  const workspace = 'b0000000-0000-4000-8000-000000000002';
  let orgId: string;
  beforeAll(async () => {
    const owner = await signUp(t.app);
    orgId = owner.orgId;
    const now = new Date().toISOString();
    await db()
      .insertInto('frameio_webhooks')
      .values({
        id: crypto.randomUUID(),
        org_id: orgId,
        account_id: account,
        workspace_id: workspace,
        remote_id: crypto.randomUUID(),
        secret_enc: t.secretBox.seal(secret),
        url: `${t.publicUrl}${WEBHOOK_PATH}`,
        events_json: '[]',
        created_at: now,
        updated_at: now,
      })
      .execute();
  });
  const payload = (over: Record<string, unknown> = {}) =>
    JSON.stringify({
      account: { id: account },
      workspace: { id: workspace },
      project: { id: crypto.randomUUID() },
      resource: { id: crypto.randomUUID(), type: 'file' },
      type: 'file.ready',
      user: { id: crypto.randomUUID() },
      ...over,
    });
  const send = async (body: string, headers: Record<string, string>) => {
    const res = await fetch(`${t.publicUrl}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const nowTs = () => String(Math.floor(Date.now() / 1000));
  const signed = (body: string, ts = nowTs(), key = secret) => ({
    'x-frameio-request-timestamp': ts,
    'x-frameio-signature': `v0=${createHmac('sha256', key).update(`v0:${ts}:${body}`).digest('hex')}`,
  });
  const stored = async () => (await deliveries(orgId)).length;
  const jobs = () =>
    db()
      .selectFrom('jobs')
      .select('id')
      .where('org_id', '=', orgId)
      .where('type', '=', 'frameio.webhook')
      .execute();

  it('accepts a correctly signed delivery: stored once with its job; a byte-identical repeat is not stored again', async () => {
    const body = payload();
    const h = signed(body);
    const first = await send(body, h);
    expect(first.status).toBe(202);
    const repeat = await send(body, h);
    expect(repeat.status).toBe(200);
    expect(repeat.body.data.duplicate).toBe(true);
    expect(await stored()).toBe(1);
    expect(await jobs()).toHaveLength(1);
    await waitFor('processed', async () => (await deliveries(orgId))[0]?.status !== 'queued');
    expect((await deliveries(orgId))[0]!.status).toBe('ignored');
  });

  it('wrong signature → 401 invalid_signature, nothing stored', async () => {
    const before = await stored();
    const body = payload();
    const res = await send(body, signed(body, nowTs(), 'not-the-secret'));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_signature');
    expect(await stored()).toBe(before);
  });

  it('signature over a different body (tampered) → 401 invalid_signature, nothing stored', async () => {
    const before = await stored();
    const res = await send(payload({ type: 'comment.created' }), signed(payload()));
    expect(res.status).toBe(401);
    expect(await stored()).toBe(before);
  });

  it('stale timestamp (301 s old) → 401 stale_timestamp, nothing stored', async () => {
    const before = await stored();
    const body = payload();
    const res = await send(body, signed(body, String(Math.floor(Date.now() / 1000) - 301)));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('stale_timestamp');
    expect(await stored()).toBe(before);
  });

  it('future timestamp (301 s ahead) → 401 stale_timestamp, nothing stored', async () => {
    const before = await stored();
    const body = payload();
    const res = await send(body, signed(body, String(Math.floor(Date.now() / 1000) + 301)));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('stale_timestamp');
    expect(await stored()).toBe(before);
  });

  it('missing signature or timestamp header → 400 missing_signature_headers, nothing stored', async () => {
    const before = await stored();
    const body = payload();
    const h = signed(body);
    const noSig = await send(body, { 'x-frameio-request-timestamp': h['x-frameio-request-timestamp'] });
    expect(noSig.status).toBe(400);
    expect(noSig.body.error.code).toBe('missing_signature_headers');
    const noTs = await send(body, { 'x-frameio-signature': h['x-frameio-signature'] });
    expect(noTs.status).toBe(400);
    expect(noTs.body.error.code).toBe('missing_signature_headers');
    expect(await stored()).toBe(before);
  });

  it('non-JSON body (signed) → 400 invalid_json, nothing stored', async () => {
    const before = await stored();
    const body = 'account=1&type=file.ready';
    const res = await send(body, { ...signed(body), 'content-type': 'text/plain' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
    expect(await stored()).toBe(before);
  });

  it('unknown account/workspace → 401 invalid_signature (as for a wrong signature), nothing stored', async () => {
    const before = await stored();
    const body = payload({ account: { id: crypto.randomUUID() } });
    const res = await send(body, signed(body));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_signature');
    expect(await stored()).toBe(before);
  });

  it('oversized body (> 64 KiB) → 413, nothing stored', async () => {
    const before = await stored();
    const body = payload({ padding: 'x'.repeat(70 * 1024) });
    const res = await send(body, signed(body));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(await stored()).toBe(before);
  });

  it('deliveries list and replay are for admins; another org’s delivery id is 404', async () => {
    const other = await signUp(t.app);
    const [d] = await deliveries(orgId);
    const res = await other.client.post(`/api/v1/integrations/frameio/deliveries/${d!.id}/replay`);
    expect(res.status).toBe(404);
  });
});

describe('comments: Frame.io → preroll', () => {
  it('a comment made in the sandbox by Riley appears once at frame = framestamp − 1, as Riley, source frameio, client-visible', async () => {
    const { owner, versionId, fileId } = await linkedVersion(t);
    const stream = await SseStream.open(`${t.app.url}/api/v1/events`, {
      cookie: `preroll_session=${owner.client.cookie('preroll_session')}`,
    });
    const made = await sandboxApi(
      t,
      t.rileyToken,
      'POST',
      `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}/comments`,
      {
        text: 'Trim the <b>intro</b>',
        timestamp: 13,
      },
    );
    expect(made.status).toBe(201);
    const got = await waitFor('local comment', async () =>
      (await localComments(owner, versionId)).find((c) => c.body === 'Trim the <b>intro</b>'),
    );
    expect(got.frame).toBe(12);
    expect(got.source).toBe('frameio');
    expect(got.author).toMatchObject({ type: 'external', name: 'Riley Reviewer' });
    expect(got.visibility).toBe('client');
    // Real time: an open browser hears about it over SSE.
    const event = await stream.waitFor((m) => m.type === 'comment.created' && m.data.id === got.id);
    expect(event.data).toMatchObject({ version_id: versionId, frame: 12 });
    stream.close();
    await settle(t);
    expect(
      (await localComments(owner, versionId)).filter((c) => c.body === 'Trim the <b>intro</b>'),
    ).toHaveLength(1);

    // Edit, reply, delete in the sandbox.
    const upd = await sandboxApi(
      t,
      t.rileyToken,
      'PATCH',
      `/v4/accounts/${SEED_IDS.accountId}/comments/${made.body.data.id}`,
      { text: 'Trim more' },
    );
    expect(upd.status).toBe(200);
    await waitFor('edited', async () =>
      (await localComments(owner, versionId)).find((c) => c.id === got.id && c.body === 'Trim more'),
    );
    t.sandbox.control.createReply(made.body.data.id, { user_id: SEED_IDS.alexId, text: 'On it' });
    const threaded = await waitFor('reply threaded', async () =>
      (await localComments(owner, versionId)).find(
        (c) => c.id === got.id && c.replies.some((r) => r.body === 'On it'),
      ),
    );
    expect(threaded.replies).toHaveLength(1);
    const del = await sandboxApi(
      t,
      t.rileyToken,
      'DELETE',
      `/v4/accounts/${SEED_IDS.accountId}/comments/${made.body.data.id}`,
    );
    expect(del.status).toBe(204);
    await waitFor(
      'tombstoned',
      async () => !(await localComments(owner, versionId)).some((c) => c.id === got.id && !c.deleted),
    );
    await settle(t);
    const rows = await db().selectFrom('comments').selectAll().where('org_id', '=', owner.orgId).execute();
    expect(rows.every((r) => r.deleted_at !== null)).toBe(true);
    const ds = await deliveries(owner.orgId);
    expect(ds.length).toBeGreaterThan(0);
    expect(ds.filter((d) => d.status === 'failed')).toEqual([]);
  });
});

describe('comments: preroll → Frame.io', () => {
  it('a client-visible comment appears in the sandbox at framestamp = frame + 1 exactly once, the echo creates no duplicate; edit and delete follow', async () => {
    const { owner, versionId, fileId } = await linkedVersion(t);
    const posted = await owner.client.post(`/api/v1/versions/${versionId}/comments`, {
      body: 'Color is off here',
      frame: 20,
    });
    expect(posted.status, posted.text).toBe(201);
    const remote = await waitFor('remote comment', async () =>
      (await remoteComments(t, fileId)).find((c) => c.text === 'Color is off here'),
    );
    expect(remote.timestamp).toBe(21);
    await settle(t);
    expect((await remoteComments(t, fileId)).filter((c) => c.text === 'Color is off here')).toHaveLength(1);
    expect(await localComments(owner, versionId)).toHaveLength(1);
    const sync = await owner.client.get(`/api/v1/versions/${versionId}/frameio/comment-sync`);
    expect(sync.body.data).toEqual([
      expect.objectContaining({ comment_id: posted.body.data.id, state: 'synced' }),
    ]);

    const internal = await owner.client.post(`/api/v1/versions/${versionId}/comments`, {
      body: 'internal note',
      frame: 3,
      visibility: 'internal',
    });
    expect(internal.status).toBe(201);

    const edited = await owner.client.request('PATCH', `/api/v1/comments/${posted.body.data.id}`, {
      body: 'Color is way off',
    });
    expect(edited.status, edited.text).toBe(200);
    await waitFor('remote edit', async () =>
      (await remoteComments(t, fileId)).some((c) => c.id === remote.id && c.text === 'Color is way off'),
    );
    const deleted = await owner.client.request('DELETE', `/api/v1/comments/${posted.body.data.id}`);
    expect(deleted.status).toBe(204);
    await waitFor(
      'remote delete',
      async () => !(await remoteComments(t, fileId)).some((c) => c.id === remote.id),
    );
    await settle(t);
    expect((await remoteComments(t, fileId)).map((c) => c.text)).toEqual([]);
    expect((await localComments(owner, versionId)).map((c) => c.body)).toEqual(['internal note']);
  });
});

describe('upload events', () => {
  it('file.upload.completed / file.ready on a version’s file run the upload confirm step at once', async () => {
    const { owner, versionId } = await linkedVersion(t);
    // The upload finishes after the file (and its link) exist: wait for Frame.io's events.
    await waitFor('file.ready delivered', async () =>
      (await deliveries(owner.orgId)).some((d) => d.event_type === 'file.ready'),
    );
    await settle(t);
    const ds = await deliveries(owner.orgId);
    const fileEvents = ds.filter((d) => d.event_type.startsWith('file.'));
    expect(fileEvents.map((d) => d.event_type)).toEqual(
      expect.arrayContaining(['file.upload.completed', 'file.ready']),
    );
    expect(fileEvents.every((d) => d.status === 'processed')).toBe(true);
    const confirms = await db()
      .selectFrom('jobs')
      .select(['payload_json', 'status'])
      .where('org_id', '=', owner.orgId)
      .where('type', '=', 'frameio.confirm-upload')
      .execute();
    // At least one per event: a run finding the poller's lease re-enqueues itself (Send to Frame.io).
    expect(
      confirms.filter((j) => JSON.parse(j.payload_json).round === 1_000_000).length,
    ).toBeGreaterThanOrEqual(fileEvents.length);
    await waitFor('transcoded', async () => {
      const res = await owner.client.get(`/api/v1/versions/${versionId}/frameio`);
      return res.body.data.status === 'transcoded';
    });
  });
});

describe('internal comments', () => {
  it('stay in preroll by default; with frameio_sync_internal_comments they are pushed too, and making one internal removes it', async () => {
    const { owner, versionId, fileId } = await linkedVersion(t);
    const a = await owner.client.post(`/api/v1/versions/${versionId}/comments`, {
      body: 'team only',
      frame: 1,
      visibility: 'internal',
    });
    expect(a.status).toBe(201);
    const c = await owner.client.post(`/api/v1/versions/${versionId}/comments`, {
      body: 'for the client',
      frame: 2,
    });
    await waitFor('client comment pushed', async () =>
      (await remoteComments(t, fileId)).some((x) => x.text === 'for the client'),
    );
    await settle(t);
    expect((await remoteComments(t, fileId)).map((x) => x.text)).toEqual(['for the client']);
    const turnedOn = await owner.client.patch('/api/v1/integrations/frameio/settings', {
      sync_internal_comments: true,
    });
    expect(turnedOn.body.data).toMatchObject({ sync_internal_comments: true });
    const b = await owner.client.post(`/api/v1/versions/${versionId}/comments`, {
      body: 'team only 2',
      frame: 3,
      visibility: 'internal',
    });
    expect(b.status).toBe(201);
    await waitFor('internal pushed', async () =>
      (await remoteComments(t, fileId)).some((x) => x.text === 'team only 2'),
    );
    await db()
      .updateTable('organizations')
      .set({ settings_json: '{}' })
      .where('id', '=', owner.orgId)
      .execute();
    const hidden = await owner.client.request('PATCH', `/api/v1/comments/${c.body.data.id}`, {
      visibility: 'internal',
    });
    expect(hidden.status, hidden.text).toBe(200);
    await waitFor(
      'made-internal comment removed',
      async () => !(await remoteComments(t, fileId)).some((x) => x.text === 'for the client'),
    );
    await settle(t);
    expect(await localComments(owner, versionId)).toHaveLength(3);
  });
});

describe('approval status', () => {
  const remoteStatus = async (fileId: string) => {
    const res = await sandboxApi(
      t,
      t.alexToken,
      'GET',
      `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}/metadata`,
    );
    const f = (
      res.body.data.metadata as Array<{
        field_definition_name: string;
        value: Array<{ display_name: string }>;
      }>
    ).find((m) => m.field_definition_name === 'Status');
    return f?.value?.[0]?.display_name ?? null;
  };
  const setRemoteStatus = async (fileId: string, optionId: string) => {
    const file = await sandboxApi(
      t,
      t.rileyToken,
      'GET',
      `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}`,
    );
    const res = await sandboxApi(
      t,
      t.rileyToken,
      'PATCH',
      `/v4/accounts/${SEED_IDS.accountId}/projects/${file.body.data.project_id}/metadata/values`,
      {
        file_ids: [fileId],
        values: [{ field_definition_id: SEED_IDS.statusFieldId, value: [optionId] }],
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(204);
  };
  const status = async (owner: { client: TestClient }, id: string) =>
    (await owner.client.get(`/api/v1/deliverables/${id}`)).body.data.status as string;

  it('submit sets Needs Review in Frame.io; Approved in Frame.io approves the deliverable, and the echo pushes nothing back', async () => {
    const { owner, deliverableId, fileId } = await linkedVersion(t);
    expect((await owner.client.post(`/api/v1/deliverables/${deliverableId}/submit`)).status).toBe(200);
    await waitFor('Needs Review', async () => (await remoteStatus(fileId)) === 'Needs Review');
    await setRemoteStatus(fileId, SEED_IDS.statusOptions.approved);
    await waitFor('approved locally', async () => (await status(owner, deliverableId)) === 'approved');
    await settle(t);
    expect(await remoteStatus(fileId)).toBe('Approved');
    const pushes = await db()
      .selectFrom('jobs')
      .select('id')
      .where('org_id', '=', owner.orgId)
      .where('type', '=', 'frameio.push-status')
      .execute();
    expect(pushes).toHaveLength(1); // only the submit's
    const activity = await db()
      .selectFrom('activity')
      .selectAll()
      .where('subject_id', '=', deliverableId)
      .where('action', '=', 'status_changed')
      .execute();
    expect(activity.map((a) => a.actor_type)).toEqual(['user', 'external']);
  });

  it('request revision in preroll sets "In Progress" in Frame.io; "In Progress" set in Frame.io requests a revision', async () => {
    const { owner, deliverableId, fileId } = await linkedVersion(t);
    await owner.client.post(`/api/v1/deliverables/${deliverableId}/submit`);
    const rr = await owner.client.post(`/api/v1/deliverables/${deliverableId}/request-revision`, {});
    expect(rr.status, rr.text).toBe(200);
    await waitFor('In Progress', async () => (await remoteStatus(fileId)) === 'In Progress');
    const b = await linkedVersion(t, owner);
    await owner.client.post(`/api/v1/deliverables/${b.deliverableId}/submit`);
    await waitFor('Needs Review', async () => (await remoteStatus(b.fileId)) === 'Needs Review');
    await setRemoteStatus(b.fileId, SEED_IDS.statusOptions.inProgress);
    await waitFor(
      'revision requested',
      async () => (await status(owner, b.deliverableId)) === 'revision_requested',
    );
  });

  it('the mapping is editable by admins (GET/PUT), validated, and used', async () => {
    const owner = await signUp(t.app);
    const got = await owner.client.get('/api/v1/integrations/frameio/status-mapping');
    expect(got.body.data).toEqual({
      approved: 'Approved',
      revision_requested: 'In Progress',
      in_review: 'Needs Review',
    });
    const bad = await owner.client.request('PUT', '/api/v1/integrations/frameio/status-mapping', {
      approved: 'Approved',
      revision_requested: '',
      extra: 1,
    });
    expect(bad.status).toBe(400);
    const put = await owner.client.request('PUT', '/api/v1/integrations/frameio/status-mapping', {
      approved: 'Approved',
      revision_requested: 'Needs Review',
      in_review: null,
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body.data).toEqual({
      approved: 'Approved',
      revision_requested: 'Needs Review',
      in_review: null,
    });
    const { joinAs } = await import('./domain-fixtures.ts');
    const member = await joinAs(t.app, owner, 'member');
    expect(
      (
        await member.request('PUT', '/api/v1/integrations/frameio/status-mapping', {
          approved: 'A',
          revision_requested: 'B',
        })
      ).status,
    ).toBe(403);
  });
});

describe('faults, reconciliation and health', () => {
  const shape = (cs: Awaited<ReturnType<typeof localComments>>) =>
    cs
      .filter((c) => !c.deleted)
      .map((c) => `${c.frame}|${c.body}|${c.replies.map((r) => r.body).join(',')}`)
      .sort();
  const remoteShape = async (fileId: string) =>
    (await remoteComments(t, fileId))
      .map(
        (c) =>
          `${c.timestamp === null ? null : c.timestamp - 1}|${c.text}|${(c.replies ?? []).map((r) => r.text).join(',')}`,
      )
      .sort();
  const api = (fileId: string) => `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}/comments`;

  it('duplicated and reordered webhooks end consistent with zero duplicates', async () => {
    const { owner, versionId, fileId } = await linkedVersion(t);
    t.sandbox.control.setWebhookFaults({ duplicateRate: 1, reorder: true, reorderWindowMs: 150 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await sandboxApi(t, t.rileyToken, 'POST', api(fileId), {
          text: `note ${i}`,
          timestamp: i * 3 + 1,
        });
        ids.push(r.body.data.id);
      }
      await sandboxApi(t, t.rileyToken, 'PATCH', `/v4/accounts/${SEED_IDS.accountId}/comments/${ids[1]}`, {
        text: 'note 1 edited',
      });
      await sandboxApi(t, t.rileyToken, 'DELETE', `/v4/accounts/${SEED_IDS.accountId}/comments/${ids[2]}`);
      t.sandbox.control.createReply(ids[0]!, { user_id: SEED_IDS.alexId, text: 'reply 0' });
      await owner.client.post(`/api/v1/versions/${versionId}/comments`, { body: 'from preroll', frame: 30 });
      await settle(t);
      await waitFor(
        'converged',
        async () =>
          JSON.stringify(shape(await localComments(owner, versionId))) ===
          JSON.stringify(await remoteShape(fileId)),
      );
      const local = await localComments(owner, versionId);
      expect(local.filter((c) => !c.deleted)).toHaveLength(6);
      expect(new Set(local.map((c) => c.body)).size).toBe(local.length);
    } finally {
      t.sandbox.control.setWebhookFaults({ duplicateRate: 0, reorder: false, dropRate: 0 });
    }
  });

  it('dropped webhooks are repaired by Resync (and the periodic reconciliation job is scheduled)', async () => {
    const { owner, deliverableId, versionId, fileId } = await linkedVersion(t);
    const scheduled = await db()
      .selectFrom('jobs')
      .selectAll()
      .where('org_id', '=', owner.orgId)
      .where('type', '=', 'frameio.reconcile')
      .execute();
    expect(scheduled).toHaveLength(1);
    expect(Date.parse(scheduled[0]!.run_at) - Date.now()).toBeGreaterThan(4 * 60_000);
    const seen = await sandboxApi(t, t.rileyToken, 'POST', api(fileId), { text: 'seen', timestamp: 5 });
    await waitFor('seen locally', async () =>
      (await localComments(owner, versionId)).some((c) => c.body === 'seen'),
    );
    t.sandbox.control.setWebhookFaults({ dropRate: 1 });
    try {
      await sandboxApi(t, t.rileyToken, 'POST', api(fileId), { text: 'missed', timestamp: 9 });
      await sandboxApi(
        t,
        t.rileyToken,
        'DELETE',
        `/v4/accounts/${SEED_IDS.accountId}/comments/${seen.body.data.id}`,
      );
      await settle(t);
      expect(shape(await localComments(owner, versionId))).toEqual(['4|seen|']);
      const res = await owner.client.post(`/api/v1/deliverables/${deliverableId}/frameio/resync`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.data).toMatchObject({ files: 1, created: 1, deleted: 1 });
      expect(shape(await localComments(owner, versionId))).toEqual(['8|missed|']);
      // Idempotent: a second run changes nothing.
      const again = await owner.client.post(`/api/v1/deliverables/${deliverableId}/frameio/resync`);
      expect(again.body.data).toMatchObject({ created: 0, updated: 0, deleted: 0 });
      // The periodic job does the same: another missed comment, the job made due now.
      await sandboxApi(t, t.rileyToken, 'POST', api(fileId), { text: 'missed again', timestamp: 11 });
      await db()
        .updateTable('jobs')
        .set({ run_at: new Date().toISOString() })
        .where('id', '=', scheduled[0]!.id)
        .execute();
      await waitFor('periodic repair', async () =>
        (await localComments(owner, versionId)).some((c) => c.body === 'missed again'),
      );
      const next = await waitFor('next run scheduled', async () => {
        const rows = await db()
          .selectFrom('jobs')
          .selectAll()
          .where('org_id', '=', owner.orgId)
          .where('type', '=', 'frameio.reconcile')
          .where('status', '=', 'queued')
          .execute();
        return rows.length === 1 ? rows : undefined;
      });
      expect(Date.parse(next[0]!.run_at)).toBeGreaterThan(Date.now());
    } finally {
      t.sandbox.control.setWebhookFaults({ dropRate: 0 });
    }
  });

  it('resync: another organization’s deliverable is a 404', async () => {
    const { deliverableId } = await linkedVersion(t);
    const other = await signUp(t.app);
    expect((await other.client.post(`/api/v1/deliverables/${deliverableId}/frameio/resync`)).status).toBe(
      404,
    );
  });

  it('Settings lists the last deliveries (event, signature, processing) and an admin can replay one', async () => {
    const { owner, fileId } = await linkedVersion(t);
    await sandboxApi(t, t.rileyToken, 'POST', api(fileId), { text: 'for health', timestamp: 2 });
    await settle(t);
    const list = await owner.client.get('/api/v1/integrations/frameio/deliveries');
    expect(list.status).toBe(200);
    const d = (
      list.body.data as Array<{
        id: string;
        event: string;
        signature: string;
        processing: string;
        error: string | null;
      }>
    ).find((x) => x.event === 'comment.created');
    expect(d).toMatchObject({ signature: 'valid', processing: 'processed', error: null });
    const replay = await owner.client.post(`/api/v1/integrations/frameio/deliveries/${d!.id}/replay`);
    expect(replay.status, replay.text).toBe(200);
    expect(replay.body.data.processing).toBe('queued');
    await waitFor('replayed', async () => {
      const row = await db()
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('id', '=', d!.id)
        .executeTakeFirst();
      return row?.status === 'processed' && row.attempts === 2;
    });
    const { joinAs } = await import('./domain-fixtures.ts');
    const member = await joinAs(t.app, owner, 'member');
    expect((await member.get('/api/v1/integrations/frameio/deliveries')).status).toBe(403);
    expect((await member.post(`/api/v1/integrations/frameio/deliveries/${d!.id}/replay`)).status).toBe(403);
  });
});

describe('frames are exact at every rate', () => {
  const rates = [
    { name: '23.976', num: 24000, den: 1001, drop: 0 },
    { name: '29.97 DF', num: 30000, den: 1001, drop: 1 },
    { name: '25', num: 25, den: 1, drop: 0 },
    { name: '59.94', num: 60000, den: 1001, drop: 0 },
  ];
  for (const r of rates) {
    it(`${r.name}: frame n ⇄ framestamp n + 1 both ways, first and last frame of an hour`, async () => {
      const { owner, versionId, fileId } = await linkedVersion(t);
      const hourFrames = Math.round((3600 * r.num) / r.den);
      await db()
        .updateTable('deliverable_versions')
        .set({
          frame_rate_num: r.num,
          frame_rate_den: r.den,
          drop_frame: r.drop,
          duration_frames: hourFrames,
        })
        .where('id', '=', versionId)
        .execute();
      t.sandbox.control.setFileFps(fileId, { num: r.num, den: r.den });
      const last = hourFrames - 1;
      for (const frame of [0, last]) {
        const res = await owner.client.post(`/api/v1/versions/${versionId}/comments`, {
          body: `local ${frame}`,
          frame,
        });
        expect(res.status, res.text).toBe(201);
      }
      for (const ts of [1, hourFrames]) {
        await sandboxApi(
          t,
          t.rileyToken,
          'POST',
          `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}/comments`,
          { text: `remote ${ts}`, timestamp: ts },
        );
      }
      await settle(t);
      await waitFor(
        'all four both sides',
        async () =>
          (await remoteComments(t, fileId)).length === 4 &&
          (await localComments(owner, versionId)).length === 4,
      );
      const remote = Object.fromEntries((await remoteComments(t, fileId)).map((c) => [c.text, c.timestamp]));
      expect(remote).toEqual({
        'local 0': 1,
        [`local ${last}`]: hourFrames,
        'remote 1': 1,
        [`remote ${hourFrames}`]: hourFrames,
      });
      const local = Object.fromEntries((await localComments(owner, versionId)).map((c) => [c.body, c.frame]));
      expect(local).toEqual({
        'local 0': 0,
        [`local ${last}`]: last,
        'remote 1': 0,
        [`remote ${hourFrames}`]: last,
      });
    });
  }
});

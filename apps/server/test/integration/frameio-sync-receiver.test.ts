import { createHmac } from 'node:crypto';
import { signWebhook } from '@preroll/frameio';
import { beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../helpers/test-app.ts';
import {
  connect,
  SEED_IDS,
  sandboxApi,
  useSyncEnv,
  WEBHOOK_PATH,
  waitFor,
  webhookDeliveries,
} from './frameio-sync-fixtures.ts';

/** Two-way comment sync, the webhook end: signature, registration at Frame.io, and the receiver. */
const t = useSyncEnv();

const db = () => t.app.preroll.db;
const deliveries = (orgId: string) => webhookDeliveries(t, orgId);

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

  it('accepts a correctly signed delivery: stored with its job; a byte-identical repeat after it was processed is stored and processed again', async () => {
    const body = payload();
    const h = signed(body);
    const first = await send(body, h);
    expect(first.status).toBe(202);
    expect(first.body.data).toEqual({ delivery_id: expect.any(String), duplicate: false });
    await waitFor('processed', async () => (await deliveries(orgId))[0]?.status !== 'queued');
    expect((await deliveries(orgId))[0]!.status).toBe('ignored');
    // Only a delivery still waiting absorbs a repeat (frameio-sync-dedupe.test.ts covers that case).
    const repeat = await send(body, h);
    expect(repeat.status).toBe(202);
    expect(repeat.body.data.duplicate).toBe(false);
    expect(repeat.body.data.delivery_id).not.toBe(first.body.data.delivery_id);
    expect(await stored()).toBe(2);
    expect(await jobs()).toHaveLength(2);
    await waitFor('processed again', async () =>
      (await deliveries(orgId)).every((d) => d.status !== 'queued'),
    );
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

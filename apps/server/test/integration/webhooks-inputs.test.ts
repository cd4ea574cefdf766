import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.ts';
import { loadSecretKey, SecretBox } from '../../src/repositories/secret-box.ts';
import { createVersion } from '../helpers/factories.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { joinAs, makeClient, makeTree, type Owner } from './domain-fixtures.ts';
import { deliveriesOf, eventually, WebhookReceiver } from './webhooks-fixtures.ts';

/**
 * The SSRF guard with no operator allowance (the default): loopback, private, link-local and
 * mapped addresses are refused when an endpoint is saved, and again when a host name resolves to
 * one at send time. Bad input is refused with a named code and writes nothing.
 */
let app: TestApp;
let owner: Owner;
let receiver: WebhookReceiver;
beforeAll(async () => {
  app = await startTestApp({ PREROLL_WORKER: 'off' });
  owner = await signUp(app);
  receiver = await WebhookReceiver.start();
});
afterAll(async () => {
  await receiver?.close();
  await app?.close();
});

const countEndpoints = async () =>
  Number(
    (
      await app.preroll.db
        .selectFrom('webhook_endpoints')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function refused(body: Record<string, unknown>, status: number, code: string, caller = owner.client) {
  const before = await countEndpoints();
  const res = await caller.post('/api/v1/webhook-endpoints', { events: ['comment.created'], ...body });
  expect(res.status, `${JSON.stringify(body)}: ${res.text}`).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(await countEndpoints()).toBe(before);
  return res.body.error;
}

describe('SSRF guard', () => {
  it.each([
    ['loopback', 'http://127.0.0.1:9/hook', 'a loopback address'],
    ['loopback by name', 'http://localhost:9/hook', 'a loopback address'],
    ['IPv6 loopback', 'http://[::1]:9/hook', 'a loopback address'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/hook', 'a loopback address'],
    ['cloud metadata (link-local)', 'http://169.254.169.254/latest/meta-data', 'a link-local address'],
    ['private 10/8', 'http://10.1.2.3/hook', 'a private address'],
    ['private 192.168/16', 'https://192.168.0.10/hook', 'a private address'],
    ['unique local IPv6', 'http://[fd00::1]/hook', 'a unique local (private) address'],
    ['unspecified', 'http://0.0.0.0:9/hook', 'a "this network" address'],
  ])('refuses %s when saving (422 webhook_url_not_allowed, nothing written)', async (_name, url, reason) => {
    const error = await refused({ url }, 422, 'webhook_url_not_allowed');
    expect(error.message).toContain(reason);
    expect(error.message).toContain('PREROLL_WEBHOOKS_ALLOW_PRIVATE');
  });

  it('refuses at send time a host name that resolves to loopback (as after a DNS change): no request leaves, no retry', async () => {
    const secretBox = new SecretBox(loadSecretKey({ secretKeyHex: undefined, dataDir: app.dataDir }));
    const now = new Date().toISOString();
    const id = newId();
    // Saved while the name pointed elsewhere: inserted as the API would have stored it.
    await app.preroll.db
      .insertInto('webhook_endpoints')
      .values({
        id,
        org_id: owner.orgId,
        format: 'standard',
        url_enc: secretBox.seal(receiver.url.replace('127.0.0.1', 'localhost')),
        url_display: 'http://localhost/hooks/…',
        description: '',
        events_json: JSON.stringify(['comment.created']),
        client_id: null,
        include_internal: 0,
        secret_enc: secretBox.seal('whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0'),
        previous_secret_enc: null,
        previous_secret_expires_at: null,
        status: 'active',
        disabled_reason: null,
        failing_since: null,
        created_by: owner.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const tree = await makeTree(owner.client);
    const version = await createVersion(app, owner.orgId, tree.deliverable.id, {
      rate: [25, 1],
      durationFrames: 50,
    });
    const stop = app.preroll.startWorker();
    try {
      await owner.client.post(`/api/v1/versions/${version}/comments`, { body: 'Hello' });
      const [delivery] = await eventually(async () => {
        const rows = await deliveriesOf(owner, id);
        return rows[0]?.status === 'failed' ? rows : undefined;
      });
      expect(delivery).toMatchObject({ attempts: 1, next_attempt_at: null, last_status_code: null });
      expect(delivery.last_error).toContain('127.0.0.1 is a loopback address');
      expect(delivery.attempt_log[0].error).toContain('PREROLL_WEBHOOKS_ALLOW_PRIVATE');
      expect(receiver.received).toEqual([]);
    } finally {
      await stop();
      await owner.client.delete(`/api/v1/webhook-endpoints/${id}`);
    }
  });
});

describe('bad input writes nothing', () => {
  it('names each problem with its code', async () => {
    await refused({ url: 'ftp://example.com/hook' }, 400, 'invalid_url');
    await refused({ url: 'http://user:pass@example.com/hook' }, 400, 'invalid_url');
    await refused({ url: 'not a url' }, 400, 'invalid_url');
    await refused({ url: 'https://example.com/\u0000' }, 400, 'nul_character');
    await refused({ url: 'https://93.184.216.34/hook', description: 'Ops\u0000' }, 400, 'nul_character');
    await refused({ url: 'https://example.com/hook', events: [] }, 400, 'invalid_events');
    await refused({ url: 'https://example.com/hook', events: ['comment.exploded'] }, 400, 'invalid_events_0');
    await refused(
      { url: 'https://example.com/hook', events: ['comment.created', 'comment.created'] },
      400,
      'invalid_events',
    );
    await refused({ url: 'https://example.com/hook', format: 'teams' }, 400, 'invalid_format');
    await refused({ url: 'https://example.com/hook', secret: 'mine' }, 400, 'unknown_field_secret');
    await refused({ events: ['comment.created'] }, 400, 'invalid_url');
  });

  it('another organization’s client as the filter is 404, and members (not admins) are 403', async () => {
    const other = await signUp(app);
    const theirs = await makeClient(other.client);
    await refused({ url: 'https://example.com/hook', client_id: theirs.id }, 404, 'not_found');
    const member = await joinAs(app, owner, 'member');
    await refused({ url: 'https://example.com/hook' }, 403, 'forbidden', member);
    expect((await member.get('/api/v1/webhook-endpoints')).status).toBe(403);
  });

  it('a rotation overlap outside 0–7 days and an unknown PATCH field are refused; the endpoint is unchanged', async () => {
    // Host names may not resolve here (no network): a public IP literal passes the guard.
    const created = await owner.client.post('/api/v1/webhook-endpoints', {
      url: 'https://93.184.216.34/hook',
      events: ['comment.created'],
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.data.id;
    const before = await owner.client.get(`/api/v1/webhook-endpoints/${id}`);
    for (const [body, code] of [
      [{ overlap_minutes: -1 }, 'invalid_overlap_minutes'],
      [{ overlap_minutes: 10_081 }, 'invalid_overlap_minutes'],
      [{ overlap_minutes: 1.5 }, 'invalid_overlap_minutes'],
    ] as const) {
      const res = await owner.client.post(`/api/v1/webhook-endpoints/${id}/rotate-secret`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
    }
    const patched = await owner.client.patch(`/api/v1/webhook-endpoints/${id}`, { paused: true });
    expect(patched.body.error.code).toBe('unknown_field_paused');
    const loopback = await owner.client.patch(`/api/v1/webhook-endpoints/${id}`, {
      url: 'http://127.0.0.1/x',
    });
    expect(loopback.body.error.code).toBe('webhook_url_not_allowed');
    expect((await owner.client.get(`/api/v1/webhook-endpoints/${id}`)).body).toEqual(before.body);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVersion } from '../helpers/factories.ts';
import { joinAs, makeTree } from './domain-fixtures.ts';
import {
  createEndpoint,
  deliveriesOf,
  eventually,
  type Json,
  refusalWith,
  startWebhooksEnv,
  verifyWith,
  WebhookReceiver,
  type WebhooksEnv,
} from './webhooks-fixtures.ts';

/**
 * When an endpoint keeps failing: a day of retries, then the endpoint is disabled and its
 * organization's owners and admins are emailed; re-enabled, a replay sends the same message again.
 * Secret rotation: both secrets sign during the overlap, only the new one after it.
 */
let t: WebhooksEnv;
let versionId: string;
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await startWebhooksEnv();
  const tree = await makeTree(t.owner.client);
  versionId = await createVersion(t.app, t.owner.orgId, tree.deliverable.id, {
    rate: [25, 1],
    durationFrames: 250,
  });
  await joinAs(t.app, t.owner, 'admin');
});
afterAll(async () => {
  await t?.close();
});

/** The receiver's time: the server's clock, which these tests move. */
const now = () => t.clock.now().getTime();

async function endpointRow(id: string) {
  const res = await t.owner.client.get(`/api/v1/webhook-endpoints/${id}`);
  expect(res.status).toBe(200);
  return res.body.data;
}

describe('persistent failure, replay and rotation', () => {
  it('an endpoint whose every attempt fails for a day is disabled, its owners and admins get an email, and later events are not sent to it', async () => {
    const receiver = await WebhookReceiver.start();
    receiver.answer = () => 503;
    try {
      const endpoint = await createEndpoint(t.owner, {
        url: receiver.url,
        events: ['comment.created'],
        description: 'Ops sheet',
      });
      await t.owner.client.post(`/api/v1/versions/${versionId}/comments`, { body: 'First' });
      await receiver.waitFor(1);
      const failing = await eventually(async () => {
        const row = await endpointRow(endpoint.id);
        return row.failing_since ? row : undefined;
      });
      expect(failing.status).toBe('active');
      const mailBefore = await t.preroll.store.mail.listTo(t.owner.email, 50);

      // A day later the retry is due; it fails too, and the endpoint has failed for a whole day.
      t.clock.advance(24 * HOUR + 60_000);
      await receiver.waitFor(2);
      const disabled = await eventually(async () => {
        const row = await endpointRow(endpoint.id);
        return row.status === 'disabled' ? row : undefined;
      });
      expect(disabled.disabled_reason).toBe('Every attempt failed for a day (last: HTTP 503)');
      const [delivery] = await deliveriesOf(t.owner, endpoint.id);
      expect(delivery).toMatchObject({ status: 'failed', attempts: 2, next_attempt_at: null });
      expect(delivery.last_error).toContain('HTTP 503');

      const ownerMail = await t.preroll.store.mail.listTo(t.owner.email, 50);
      expect(ownerMail.length).toBe(mailBefore.length + 1);
      expect(ownerMail[0]).toMatchObject({ subject: 'preroll disabled a webhook endpoint' });
      expect(ownerMail[0]!.body_text).toContain('"Ops sheet"');
      expect(ownerMail[0]!.body_text).toContain(`${t.app.config.publicUrl}/settings/webhooks`);
      expect(ownerMail[0]!.body_text).not.toContain('/hooks/preroll');
      const admins = await t.preroll.db
        .selectFrom('mail_outbox')
        .select('to_address')
        .where('org_id', '=', t.owner.orgId)
        .where('subject', '=', 'preroll disabled a webhook endpoint')
        .execute();
      expect(admins).toHaveLength(2);

      await t.owner.client.post(`/api/v1/versions/${versionId}/comments`, { body: 'While disabled' });
      await new Promise((r) => setTimeout(r, 400));
      expect(receiver.received).toHaveLength(2);
      expect(await deliveriesOf(t.owner, endpoint.id)).toHaveLength(1);

      // Fixed and re-enabled: a replay sends the very same message, which still verifies.
      receiver.answer = () => 200;
      const enabled = await t.owner.client.patch(`/api/v1/webhook-endpoints/${endpoint.id}`, {
        enabled: true,
      });
      expect(enabled.body.data).toMatchObject({
        status: 'active',
        disabled_reason: null,
        failing_since: null,
      });
      const replay = await t.owner.client.post(`/api/v1/webhook-deliveries/${delivery.id}/replay`);
      expect(replay.status).toBe(202);
      const [first, , third] = await receiver.waitFor(3);
      expect(third!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
      expect(third!.body).toBe(first!.body);
      expect(verifyWith(endpoint.secret, third!, t.clock.now().getTime()).data.comment.body).toBe('First');
      const replayed = await eventually(async () => {
        const [row] = await deliveriesOf(t.owner, endpoint.id);
        return row.status === 'delivered' ? row : undefined;
      });
      expect(replayed.attempt_log.map((a: Json) => [a.status_code, a.trigger])).toEqual([
        [503, 'event'],
        [503, 'retry'],
        [200, 'replay'],
      ]);
      // A delivery that is still being tried is not replayed on top of its own retries.
      receiver.answer = () => 500;
      await t.owner.client.post(`/api/v1/versions/${versionId}/comments`, { body: 'Pending' });
      const pending = await eventually(async () => {
        const rows = await deliveriesOf(t.owner, endpoint.id);
        return rows.find((r) => r.status === 'pending' && r.attempts === 1);
      });
      const refused = await t.owner.client.post(`/api/v1/webhook-deliveries/${pending.id}/replay`);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('webhook_delivery_pending');
      await t.owner.client.delete(`/api/v1/webhook-endpoints/${endpoint.id}`);
    } finally {
      await receiver.close();
    }
  });

  it('after a rotation both secrets sign until the overlap ends, then only the new one; the test event shows it', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      const endpoint = await createEndpoint(t.owner, { url: receiver.url, events: ['comment.created'] });
      const test = await t.owner.client.post(`/api/v1/webhook-endpoints/${endpoint.id}/test`);
      expect(test.status).toBe(202);
      expect(test.body.data).toMatchObject({ event_type: 'webhook.test', status: 'pending' });
      const [before] = await receiver.waitFor(1);
      expect(verifyWith(endpoint.secret, before!, now())).toMatchObject({
        type: 'webhook.test',
        data: { endpoint_id: endpoint.id },
      });

      const rotated = await t.owner.client.post(`/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, {
        overlap_minutes: 2,
      });
      expect(rotated.status).toBe(200);
      const newSecret = rotated.body.data.secret as string;
      expect(newSecret).not.toBe(endpoint.secret);
      expect(Date.parse(rotated.body.data.previous_secret_expires_at) - t.clock.now().getTime()).toBe(
        120_000,
      );
      expect((await endpointRow(endpoint.id)).secret).toBeUndefined();

      await t.owner.client.post(`/api/v1/webhook-endpoints/${endpoint.id}/test`);
      const [, during] = await receiver.waitFor(2);
      expect(during!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
      expect(verifyWith(endpoint.secret, during!, now()).type).toBe('webhook.test');
      expect(verifyWith(newSecret, during!, now()).type).toBe('webhook.test');

      t.clock.advance(150_000);
      await t.owner.client.post(`/api/v1/webhook-endpoints/${endpoint.id}/test`);
      const [, , after] = await receiver.waitFor(3);
      expect(after!.headers['webhook-signature']!.split(' ')).toHaveLength(1);
      expect(verifyWith(newSecret, after!, now()).type).toBe('webhook.test');
      expect(refusalWith(endpoint.secret, after!, now())).toBe('No matching signature found');

      const log = await deliveriesOf(t.owner, endpoint.id);
      expect(log.map((d) => [d.event_type, d.status, d.attempt_log[0]?.trigger])).toEqual([
        ['webhook.test', 'delivered', 'test'],
        ['webhook.test', 'delivered', 'test'],
        ['webhook.test', 'delivered', 'test'],
      ]);
      await t.owner.client.delete(`/api/v1/webhook-endpoints/${endpoint.id}`);
    } finally {
      await receiver.close();
    }
  });
});

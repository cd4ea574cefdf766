import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createVersion, media, tusUpload } from '../helpers/factories.ts';
import { makeClient, makeDeliverable, makeEpisode, makeShow, makeTree } from './domain-fixtures.ts';
import {
  createEndpoint,
  deliveriesOf,
  eventually,
  type Json,
  startWebhooksEnv,
  verifyWith,
  WebhookReceiver,
  type WebhooksEnv,
} from './webhooks-fixtures.ts';

/**
 * Outgoing webhooks over real HTTP: a local receiver verifies every message with the
 * standardwebhooks library itself, the delivery log shows what it answered, a 500 is retried on
 * the backoff with the same message id, and endpoints get only the events they asked for.
 */
let t: WebhooksEnv;
let tree: Awaited<ReturnType<typeof makeTree>>;
let versionId: string;

beforeAll(async () => {
  t = await startWebhooksEnv();
  tree = await makeTree(t.owner.client);
  versionId = await createVersion(t.app, t.owner.orgId, tree.deliverable.id, {
    rate: [24000, 1001],
    durationFrames: 2400,
    startFrame: 1,
  });
});
afterAll(async () => {
  await t?.close();
});

describe('delivery', () => {
  it('a new comment reaches the endpoint signed per Standard Webhooks, and the receiver verifies it with the standardwebhooks library', async () => {
    const endpoint = await createEndpoint(t.owner, {
      url: t.receiver.url,
      events: ['comment.created'],
      description: 'Notion sync',
    });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    expect(endpoint.url).not.toContain('/hooks/preroll');
    const comment = await t.owner.client.post(`/api/v1/versions/${versionId}/comments`, {
      body: 'Trim the <b>intro</b> & tighten',
      frame: 48,
    });
    expect(comment.status).toBe(201);

    const [received] = await t.receiver.waitFor(1);
    const payload = verifyWith(endpoint.secret, received!);
    expect(received!.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(Number(received!.headers['webhook-timestamp'])).toBeCloseTo(t.clock.now().getTime() / 1000, -1);
    expect(received!.headers['content-type']).toBe('application/json');
    expect(payload).toMatchObject({
      type: 'comment.created',
      data: {
        comment: {
          id: comment.body.data.id,
          body: 'Trim the <b>intro</b> & tighten',
          frame: 48,
          timecode: '00:00:02:01',
          visibility: 'client',
          author: { type: 'user' },
          url: `${t.app.config.publicUrl}/versions/${versionId}`,
        },
        version: { id: versionId, number: 1, frame_rate: '24000/1001' },
        deliverable: { id: tree.deliverable.id, title: 'Rough cut' },
        episode: { id: tree.episode.id, title: 'Pilot' },
        show: { id: tree.show.id, title: 'The Show' },
        client: { id: tree.client.id, name: 'Acme Media' },
      },
    });
    expect(Date.parse(payload.timestamp)).not.toBeNaN();

    const log = await eventually(async () => {
      const rows = await deliveriesOf(t.owner, endpoint.id);
      return rows[0]?.status === 'delivered' ? rows : undefined;
    });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      event_type: 'comment.created',
      message_id: received!.headers['webhook-id'],
      attempts: 1,
      last_status_code: 200,
      attempt_log: [{ status_code: 200, trigger: 'event', response_excerpt: 'ok', error: null }],
    });
    await t.owner.client.delete(`/api/v1/webhook-endpoints/${endpoint.id}`);
  });

  it('a 500 is tried again after the backoff with the same message id and body, and the log shows both answers', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      let calls = 0;
      receiver.answer = () => (++calls === 1 ? 500 : 204);
      const endpoint = await createEndpoint(t.owner, {
        url: receiver.url,
        events: ['deliverable.status_changed'],
      });
      expect((await t.owner.client.post(`/api/v1/deliverables/${tree.deliverable.id}/submit`)).status).toBe(
        200,
      );
      const [first] = await receiver.waitFor(1);
      expect(first!.answered).toBe(500);
      const pending = await eventually(async () => {
        const rows = await deliveriesOf(t.owner, endpoint.id);
        return rows[0]?.next_attempt_at && rows[0].attempts === 1 ? rows[0] : undefined;
      });
      expect(pending).toMatchObject({ status: 'pending', last_status_code: 500, last_error: 'HTTP 500' });
      // The first retry is due 27–33 s later (30 s ± 10 %): nothing is sent before.
      const delayMs = Date.parse(pending.next_attempt_at) - t.clock.now().getTime();
      expect(delayMs).toBeGreaterThanOrEqual(26_000);
      expect(delayMs).toBeLessThanOrEqual(34_000);
      await new Promise((r) => setTimeout(r, 1_300));
      expect(receiver.received).toHaveLength(1);

      t.clock.advance(delayMs + 1_000);
      const [, second] = await receiver.waitFor(2);
      expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
      expect(second!.body).toBe(first!.body);
      expect(verifyWith(endpoint.secret, second!)).toMatchObject({
        type: 'deliverable.status_changed',
        data: { from: 'draft', to: 'submitted', source: 'preroll', deliverable: { id: tree.deliverable.id } },
      });
      const done = await eventually(async () => {
        const rows = await deliveriesOf(t.owner, endpoint.id);
        return rows[0]?.status === 'delivered' ? rows[0] : undefined;
      });
      expect(done.attempts).toBe(2);
      expect(done.attempt_log.map((a: Json) => [a.status_code, a.trigger])).toEqual([
        [500, 'event'],
        [204, 'retry'],
      ]);
      const endpointNow = await t.owner.client.get(`/api/v1/webhook-endpoints/${endpoint.id}`);
      expect(endpointNow.body.data).toMatchObject({ status: 'active', failing_since: null });
      await t.owner.client.delete(`/api/v1/webhook-endpoints/${endpoint.id}`);
    } finally {
      await receiver.close();
    }
  });

  it('each endpoint gets only its events: its event list, its client filter, and internal comments only when it opted in', async () => {
    const other = await makeClient(t.owner.client, { name: 'Other Client' });
    const receivers = await Promise.all([
      WebhookReceiver.start(),
      WebhookReceiver.start(),
      WebhookReceiver.start(),
    ]);
    try {
      const [plain, filtered, internal] = receivers as [WebhookReceiver, WebhookReceiver, WebhookReceiver];
      const all = ['comment.created', 'comment.updated'];
      const e1 = await createEndpoint(t.owner, { url: plain.url, events: ['comment.created'] });
      const e2 = await createEndpoint(t.owner, { url: filtered.url, events: all, client_id: other.id });
      const e3 = await createEndpoint(t.owner, { url: internal.url, events: all, include_internal: true });
      const shared = await t.owner.client.post(`/api/v1/versions/${versionId}/comments`, {
        body: 'For the client',
      });
      const secret = await t.owner.client.post(`/api/v1/versions/${versionId}/comments`, {
        body: 'Team only',
        visibility: 'internal',
      });
      expect(
        (await t.owner.client.patch(`/api/v1/comments/${shared.body.data.id}`, { body: 'Edited' })).status,
      ).toBe(200);
      await internal.waitFor(3);
      await plain.waitFor(1);
      // The edit and the internal comment would have reached `plain` by now too, had they been sent.
      await new Promise((r) => setTimeout(r, 300));
      expect(plain.received.map((r) => verifyWith(e1.secret, r).data.comment.id)).toEqual([
        shared.body.data.id,
      ]);
      // Deliveries run side by side, so they may arrive in any order (each carries its own timestamp).
      const heardByInternal = internal.received.map((r) => verifyWith(e3.secret, r));
      expect(heardByInternal.map((p) => `${p.type} ${p.data.comment.id}`).sort()).toEqual(
        [
          `comment.created ${shared.body.data.id}`,
          `comment.created ${secret.body.data.id}`,
          `comment.updated ${shared.body.data.id}`,
        ].sort(),
      );
      expect(filtered.received).toEqual([]);
      expect(await deliveriesOf(t.owner, e2.id)).toEqual([]);
      // The other client's show: now the filtered endpoint hears it.
      const show = await makeShow(t.owner.client, other.id);
      const episode = await makeEpisode(t.owner.client, show.id);
      const deliverable = await makeDeliverable(t.owner.client, episode.id);
      const otherVersion = await createVersion(t.app, t.owner.orgId, deliverable.id, {
        rate: [25, 1],
        durationFrames: 250,
      });
      await t.owner.client.post(`/api/v1/versions/${otherVersion}/comments`, { body: 'Hello other client' });
      const [heard] = await filtered.waitFor(1);
      expect(verifyWith(e2.secret, heard!).data).toMatchObject({
        client: { id: other.id },
        comment: { body: 'Hello other client' },
      });
      for (const e of [e1, e2, e3]) await t.owner.client.delete(`/api/v1/webhook-endpoints/${e.id}`);
    } finally {
      await Promise.all(receivers.map((r) => r.close()));
    }
  });

  it('an uploaded file sends version.created, then version.ready once analysed', async () => {
    const receiver = await WebhookReceiver.start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-webhook-media-'));
    try {
      const endpoint = await createEndpoint(t.owner, {
        url: receiver.url,
        events: ['version.created', 'version.ready'],
      });
      const file = await media.video2398(dir);
      const apiKey = await createApiKey(t.owner.client);
      const upload = await tusUpload(t.app, fs.readFileSync(file), {
        apiKey,
        metadata: { deliverable_id: tree.deliverable.id, filename: 'cut.mp4', filetype: 'video/mp4' },
      });
      const [created, ready] = await receiver.waitFor(2);
      const createdPayload = verifyWith(endpoint.secret, created!);
      const readyPayload = verifyWith(endpoint.secret, ready!);
      expect(createdPayload).toMatchObject({
        type: 'version.created',
        data: { version: { id: upload.versionId, status: 'processing', filename: 'cut.mp4' } },
      });
      expect(readyPayload).toMatchObject({
        type: 'version.ready',
        data: {
          version: { id: upload.versionId, status: 'ready', frame_rate: '24000/1001', media_kind: 'video' },
        },
      });
      await t.owner.client.delete(`/api/v1/webhook-endpoints/${endpoint.id}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await receiver.close();
    }
  });

  it('a Slack endpoint gets a readable message with links and escaped text, not the JSON payload or a signature', async () => {
    const slack = await WebhookReceiver.start('/services/T0001/B0001/abcdefghijklmnopqrstuvwx');
    try {
      const endpoint = await createEndpoint(t.owner, {
        url: slack.url,
        format: 'slack',
        events: ['comment.created', 'deliverable.status_changed'],
        include_internal: true,
      });
      expect(endpoint.url).toBe(`${new URL(slack.url).origin}/services/…uvwx`);
      await t.owner.client.post(`/api/v1/versions/${versionId}/comments`, {
        body: 'Cut <here> & \n fade',
        frame: 24,
        visibility: 'internal',
      });
      const [message] = await slack.waitFor(1);
      expect(message!.headers['webhook-signature']).toBeUndefined();
      expect(Object.keys(message!.json)).toEqual(['text', 'blocks']);
      const base = t.app.config.publicUrl;
      const subject = `<${base}/versions/${versionId}|v1> of <${base}/episodes/${tree.episode.id}|The Show · Pilot · Rough cut>`;
      expect(message!.json.text).toBe(
        `:speech_balloon: *Owner ${t.owner.email.match(/owner(\d+)/)![1]}* commented (internal) on ${subject} at 00:00:01:01\n>Cut &lt;here&gt; &amp; \n> fade`,
      );
      expect(message!.json.blocks[0]).toEqual({
        type: 'section',
        text: { type: 'mrkdwn', text: message!.json.text },
      });
      expect(message!.json.blocks[1].elements[0].text).toBe('Acme Media · preroll · comment.created');
      await t.owner.client.delete(`/api/v1/webhook-endpoints/${endpoint.id}`);
    } finally {
      await slack.close();
    }
  });
});

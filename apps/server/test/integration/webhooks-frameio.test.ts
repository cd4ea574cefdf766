import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue } from '../helpers/prometheus-text.ts';
import { mirrorHelpers } from './frameio-mirror-fixtures.ts';
import { addVersionWithFile, type ReviewEnv, startReviewEnv, waitFor } from './frameio-review-fixtures.ts';
import { createEndpoint, verifyWith, WebhookReceiver } from './webhooks-fixtures.ts';

/**
 * What the Frame.io integration announces reaches outgoing webhooks through the core's hooks (no
 * import between the two): Send to Frame.io finished or failed, and the review link, against the
 * sandbox over real HTTP.
 */
let t: ReviewEnv;
let stopWorker: () => Promise<void>;
let receiver: WebhookReceiver;
let slack: WebhookReceiver;
beforeAll(async () => {
  t = await startReviewEnv({ PREROLL_WEBHOOKS_ALLOW_PRIVATE: '127.0.0.1' });
  stopWorker = t.app.preroll.startWorker();
  receiver = await WebhookReceiver.start();
  slack = await WebhookReceiver.start('/services/T000/B000/slacksecret');
});
afterAll(async () => {
  await stopWorker?.();
  await receiver?.close();
  await slack?.close();
  await t?.close();
});

const { connectedOwner, tree, sendAndWait } = mirrorHelpers(() => t);
const FRAMEIO_EVENTS = ['frameio.send.finished', 'frameio.send.failed', 'frameio.review_link.created'];

describe('Frame.io events as webhooks', () => {
  it('Send to Frame.io finished and its review link reach the endpoint (signed) and Slack (readable, with links)', async () => {
    const owner = await connectedOwner();
    const endpoint = await createEndpoint(owner, { url: receiver.url, events: FRAMEIO_EVENTS });
    await createEndpoint(owner, { url: slack.url, format: 'slack', events: FRAMEIO_EVENTS });
    const a = await tree(owner, { show: 'Night Shift', episode: 'Pilot' });
    const v = await addVersionWithFile(t.app, owner.orgId, a.deliverable.id, 1000);
    const state = await sendAndWait(owner, v.id, 'uploaded');

    const received = await waitFor('two messages', async () =>
      receiver.received.length >= 2 ? receiver.received : undefined,
    );
    const payloads = received.map((r) => verifyWith(endpoint.secret, r));
    const finished = payloads.find((p) => p.type === 'frameio.send.finished');
    const link = payloads.find((p) => p.type === 'frameio.review_link.created');
    expect(finished.data).toMatchObject({
      version: { id: v.id, number: 1 },
      deliverable: { id: a.deliverable.id },
    });
    expect(link.data).toMatchObject({
      review_link: { url: state.review_link.short_url, provider: 'frameio', expires_at: null },
      version: { id: v.id },
      show: { title: 'Night Shift' },
    });

    const texts = (
      await waitFor('slack', async () => (slack.received.length >= 2 ? slack.received : undefined))
    ).map((r) => r.json.text as string);
    expect(slack.received.every((r) => r.headers['webhook-signature'] === undefined)).toBe(true);
    expect(texts).toContain(
      `:film_frames: <${t.app.config.publicUrl}/versions/${v.id}|v1> of <${t.app.config.publicUrl}/episodes/${a.episode.id}|Night Shift · Pilot · ${a.deliverable.title}> is in Frame.io`,
    );
    expect(texts.find((x) => x.startsWith(':link:'))).toContain(
      `<${state.review_link.short_url}|${state.review_link.short_url}>`,
    );
  });

  it('Send to Frame.io failing reaches the endpoint with the error people act on', async () => {
    const owner = await connectedOwner();
    const failing = await WebhookReceiver.start();
    try {
      const endpoint = await createEndpoint(owner, { url: failing.url, events: FRAMEIO_EVENTS });
      const a = await tree(owner);
      const v = await addVersionWithFile(t.app, owner.orgId, a.deliverable.id, 10);
      await t.app.preroll.db
        .updateTable('deliverable_versions')
        .set({ size_bytes: 6_000_000_000_000 })
        .where('id', '=', v.id)
        .execute();
      expect((await owner.client.post(`/api/v1/versions/${v.id}/frameio`)).status).toBe(202);
      const [message] = await failing.waitFor(1, 20_000);
      expect(verifyWith(endpoint.secret, message!)).toMatchObject({
        type: 'frameio.send.failed',
        data: {
          error: { code: 'frameio_file_too_large' },
          version: { id: v.id },
          deliverable: { id: a.deliverable.id },
        },
      });
    } finally {
      await failing.close();
    }
  });
});

describe('Frame.io calls in /metrics', () => {
  it('counts each request by operation and status, the 429 and its retry both', async () => {
    const owner = await connectedOwner();
    const count = async (status: string) => {
      const text = await (await fetch(`${t.app.url}/metrics`)).text();
      return (
        sampleValue(parsePrometheusText(text), 'preroll_frameio_requests_total', {
          operation: 'workspaces.index',
          status,
        }) ?? 0
      );
    };
    const [limitedBefore, okBefore] = [await count('429'), await count('200')];
    t.proxy.rules = [
      {
        method: 'GET',
        path: /^\/v4\/accounts\/[^/]+\/workspaces$/,
        status: 429,
        count: 1,
        headers: { 'retry-after': '1' },
        body: JSON.stringify({ errors: [{ detail: 'Too many requests' }] }),
      },
    ];
    try {
      const listed = await owner.client.get('/api/v1/integrations/frameio/workspaces');
      expect(listed.status, listed.text).toBe(200);
    } finally {
      t.proxy.rules = [];
    }
    expect((await count('429')) - limitedBefore).toBe(1);
    expect((await count('200')) - okBefore).toBeGreaterThanOrEqual(1);
  });
});

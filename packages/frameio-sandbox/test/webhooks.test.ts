import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, SEED_IDS, signWebhook, startSandbox } from '../src/index.ts';
import { ApiClient } from './helpers/api-client.ts';
import { createProject, P, uploadFile } from './helpers/fixtures.ts';
import { startReceiver, verifySignature } from './helpers/webhook-receiver.ts';

describe('webhook signature', () => {
  it('matches the documented algorithm on a fixed test vector', () => {
    const secret = 'frameio-test-secret';
    const ts = 1604004499;
    const body = '{"type":"file.ready"}';
    const independent = createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
    expect(independent).toBe('f204837f321441103dc9b2ea2bc12d253a6418e7fa421a2285c2c672e46c20e9');
    expect(signWebhook(secret, ts, body)).toBe(`v0=${independent}`);
  });
});

describe('webhook delivery', () => {
  let sb: Sandbox;
  let alex: ApiClient;
  let riley: ApiClient;
  const acc = () => sb.seed.accountId;

  beforeAll(async () => {
    sb = await startSandbox({
      port: 0,
      transcodeDelayMs: 10,
      webhookBackoffScale: 0.001,
      webhookTimeoutMs: 250,
    });
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

  async function hook(
    url: string,
    events: string[],
    workspaceId = sb.seed.workspaceId,
  ): Promise<{ id: string; secret: string }> {
    const r = await alex.call('POST', P.webhooks, {
      params: { account_id: acc(), workspace_id: workspaceId },
      body: { data: { name: 'test', url, events } },
    });
    return r.body.data;
  }

  async function removeHook(id: string): Promise<void> {
    await alex.call('DELETE', P.webhook, { params: { account_id: acc(), webhook_id: id } });
  }

  it('delivers signed, ids-only payloads naming the acting user, for the documented events', async () => {
    const rx = await startReceiver();
    const events = [
      'project.created',
      'folder.created',
      'file.created',
      'file.upload.completed',
      'file.ready',
      'file.updated',
      'file.versioned',
      'file.deleted',
      'comment.created',
      'comment.updated',
      'comment.completed',
      'comment.uncompleted',
      'comment.deleted',
      'metadata.value.updated',
      'share.created',
    ];
    const h = await hook(`${rx.url}/hook`, events);
    try {
      const p = await createProject(alex, sb, 'Hooks');
      await alex.call('POST', P.subfolders, {
        params: { account_id: acc(), folder_id: p.root_folder_id },
        body: { data: { name: 'F' } },
      });
      const file = await uploadFile(alex, sb, p.root_folder_id, 'cut.mp4', Buffer.alloc(32, 1));
      const file2 = await uploadFile(alex, sb, p.root_folder_id, 'cut2.mp4', Buffer.alloc(32, 2));
      await alex.call('PATCH', P.file, {
        params: { account_id: acc(), file_id: file.id },
        body: { data: { name: 'renamed.mp4' } },
      });
      await alex.call('POST', P.versionStacks, {
        params: { account_id: acc(), folder_id: p.root_folder_id },
        body: { data: { file_ids: [file.id, file2.id] } },
      });
      const c = await riley.call('POST', P.comments, {
        params: { account_id: acc(), file_id: file.id },
        body: { data: { text: 'hi', timestamp: 10 } },
      });
      const cp = { account_id: acc(), comment_id: c.body.data.id };
      await riley.call('PATCH', P.comment, { params: cp, body: { data: { text: 'hi there' } } });
      await riley.call('PATCH', P.comment, { params: cp, body: { data: { completed: true } } });
      await riley.call('PATCH', P.comment, { params: cp, body: { data: { completed: false } } });
      await riley.call('DELETE', P.comment, { params: cp });
      await riley.call('PATCH', P.metadataValues, {
        params: { account_id: acc(), project_id: p.id },
        body: {
          data: {
            file_ids: [file.id],
            values: [
              { field_definition_id: SEED_IDS.statusFieldId, value: [SEED_IDS.statusOptions.approved] },
            ],
          },
        },
      });
      await alex.call('POST', P.shares, {
        params: { account_id: acc(), project_id: p.id },
        body: { data: { type: 'asset', name: 'S', access: 'public' } },
      });
      const loose = await uploadFile(alex, sb, p.root_folder_id, 'gone.mp4', Buffer.alloc(8), 'created');
      await alex.call('DELETE', P.file, { params: { account_id: acc(), file_id: loose.id } });
      await new Promise((r) => setTimeout(r, 50));
      await sb.control.waitForWebhooks();

      const types = rx.received.map((r) => r.json.type);
      for (const e of events) expect(types, e).toContain(e);
      for (const r of rx.received) {
        expect(verifySignature(h.secret, r)).toBe(true);
        expect(r.headers['user-agent']).toBe('Frame.io V4 API');
        expect(r.headers['content-type']).toBe('application/json');
        expect(Object.keys(r.json).sort()).toEqual([
          'account',
          'project',
          'resource',
          'type',
          'user',
          'workspace',
        ]);
        expect(r.json.account).toEqual({ id: acc() });
        expect(r.json.workspace).toEqual({ id: sb.seed.workspaceId });
        expect(r.json.project).toEqual({ id: p.id });
        expect(Object.keys(r.json.resource).sort()).toEqual(['id', 'type']);
      }
      const byType = (t: string) => rx.received.filter((r) => r.json.type === t);
      expect(byType('comment.created')[0]!.json.user.id).toBe(SEED_IDS.rileyId);
      expect(byType('comment.completed')[0]!.json.resource).toEqual({ id: c.body.data.id, type: 'comment' });
      expect(byType('metadata.value.updated')[0]!.json).toMatchObject({
        user: { id: SEED_IDS.rileyId },
        resource: { id: file.id, type: 'file' },
      });
      expect(byType('project.created')[0]!.json.user.id).toBe(SEED_IDS.alexId);
      expect(byType('file.ready').map((r) => r.json.resource.id)).toContain(file.id);
      // created before upload.completed before ready, for one file
      const seq = rx.received.filter((r) => r.json.resource.id === file.id).map((r) => r.json.type);
      expect(seq.indexOf('file.created')).toBeLessThan(seq.indexOf('file.upload.completed'));
      expect(seq.indexOf('file.upload.completed')).toBeLessThan(seq.indexOf('file.ready'));
    } finally {
      await removeHook(h.id);
      await rx.close();
    }
  });

  it('retries non-2xx and slow answers up to 5 attempts, logging each', async () => {
    const rx = await startReceiver((r, n) =>
      r.path === '/flaky' ? { status: n < 3 ? 500 : 204 } : { status: 200, delayMs: 600 },
    );
    const flaky = await hook(`${rx.url}/flaky`, ['project.created']);
    const slow = await hook(`${rx.url}/slow`, ['project.created']);
    try {
      await createProject(alex, sb, 'Retry');
      await sb.control.waitForWebhooks();
      const log = sb.control.webhookDeliveries();
      const f = log.find((d) => d.webhook_id === flaky.id)!;
      expect(f.state).toBe('delivered');
      expect(f.attempts.map((a) => a.status)).toEqual([500, 500, 204]);
      const s = log.find((d) => d.webhook_id === slow.id)!;
      expect(s.state).toBe('failed');
      expect(s.attempts).toHaveLength(5);
      expect(s.attempts.every((a) => a.status === null && /timeout/.test(a.error ?? ''))).toBe(true);
      const http = (await (await fetch(`${sb.url}/_sandbox/webhook-deliveries`)).json()) as {
        deliveries: { id: string }[];
      };
      expect(http.deliveries.map((d) => d.id)).toContain(f.id);
    } finally {
      await removeHook(flaky.id);
      await removeHook(slow.id);
      await rx.close();
    }
  });

  it('respects active=false, event subscriptions and workspace scope', async () => {
    const rx = await startReceiver();
    const other = sb.control.addWorkspace({ account_id: acc(), name: 'Other' });
    const inactive = await hook(`${rx.url}/inactive`, ['project.created']);
    await alex.call('PATCH', P.webhook, {
      params: { account_id: acc(), webhook_id: inactive.id },
      body: { data: { active: false } },
    });
    const otherWs = await hook(`${rx.url}/other`, ['project.created'], other.id);
    const wrongEvent = await hook(`${rx.url}/wrong`, ['file.ready']);
    const good = await hook(`${rx.url}/good`, ['project.created']);
    try {
      await createProject(alex, sb, 'Scope');
      await sb.control.waitForWebhooks();
      expect(rx.received.map((r) => r.path)).toEqual(['/good']);
    } finally {
      for (const h of [inactive, otherWs, wrongEvent, good]) await removeHook(h.id);
      await rx.close();
    }
  });

  it('injects duplicates and drops', async () => {
    const rx = await startReceiver();
    const h = await hook(`${rx.url}/f`, ['project.created']);
    try {
      sb.control.setWebhookFaults({ duplicateRate: 1 });
      await createProject(alex, sb, 'Dup');
      await sb.control.waitForWebhooks();
      expect(rx.received).toHaveLength(2);
      expect(rx.received[0]!.raw).toBe(rx.received[1]!.raw);
      sb.control.setWebhookFaults({ duplicateRate: 0, dropRate: 1 });
      await createProject(alex, sb, 'Drop');
      await sb.control.waitForWebhooks();
      expect(rx.received).toHaveLength(2);
      expect(sb.control.webhookDeliveries().at(-1)!.state).toBe('dropped');
    } finally {
      sb.control.setWebhookFaults({ dropRate: 0 });
      await removeHook(h.id);
      await rx.close();
    }
  });
});

describe('webhook reorder and delay faults', () => {
  it('delays deliveries and can shuffle their order', async () => {
    const sb = await startSandbox({ port: 0, webhookBackoffScale: 0.001 });
    const rx = await startReceiver();
    try {
      const api = new ApiClient(sb.url, sb.control.mintTokens({ client_id: 'preroll-local' }).access_token);
      await api.call('POST', P.webhooks, {
        params: { account_id: sb.seed.accountId, workspace_id: sb.seed.workspaceId },
        body: { data: { name: 'r', url: rx.url, events: ['project.created'] } },
      });
      sb.control.setWebhookFaults({ extraDelayMs: 150 });
      const t0 = Date.now();
      await createProject(api, sb, 'Delayed');
      await sb.control.waitForWebhooks();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
      sb.control.setWebhookFaults({ extraDelayMs: 0, reorder: true, reorderWindowMs: 300 });
      // emitted together, so each delivery's random wait decides the arrival order
      const ids = (
        await Promise.all(Array.from({ length: 12 }, (_, i) => createProject(api, sb, `R${i}`)))
      ).map((p) => p.id);
      await sb.control.waitForWebhooks();
      const emitted = sb.control
        .webhookDeliveries()
        .slice(1)
        .map((d) => (d.payload.resource as { id: string }).id);
      const arrived = rx.received.slice(1).map((r) => r.json.resource.id);
      expect([...arrived].sort()).toEqual([...ids].sort());
      expect(arrived).not.toEqual(emitted);
    } finally {
      await rx.close();
      await sb.close();
    }
  });
});

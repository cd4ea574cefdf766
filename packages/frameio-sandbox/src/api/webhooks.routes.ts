import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { forbidden, invalid } from '../http/api-error.ts';
import { defineOp } from '../http/operation.ts';
import { paginate } from '../http/pagination.ts';
import { pageSizeMax } from '../http/request-validator.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import type { WebhookRec } from '../state/state-types.ts';
import { WEBHOOK_EVENTS } from '../webhooks/webhook-events.ts';
import { parseIncludes, presentWebhook } from './presenters.ts';
import { applySort, getWebhook, getWorkspace, isAccountAdmin } from './resource-access.ts';

function checkEvents(events: string[] | undefined): void {
  events?.forEach((e, i) => {
    if (!WEBHOOK_EVENTS.includes(e)) throw invalid(`/data/events/${i}`, `Unknown event: ${e}`);
  });
}

/** (choice) http and https are both accepted; the real service presumably wants public https. */
function checkUrl(url: string | undefined): void {
  if (url === undefined) return;
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    ok = false;
  }
  if (!ok) throw invalid('/data/url', 'url must be an http(s) URL');
}

/**
 * "Who can create webhooks: Account Admins only" (docs/frameio-api-notes.md, "Permissions"); the
 * sandbox applies the same to changing and deleting one (choice: UNCONFIRMED). Reading stays open.
 */
function requireAdmin(rt: SandboxRuntime, accountId: string, userId: string): void {
  if (!isAccountAdmin(rt, accountId, userId))
    throw forbidden('Only account admins can create, change or delete webhooks');
}

export function registerWebhookRoutes(app: FastifyInstance, rt: SandboxRuntime): void {
  // The secret appears only in this response (frameio-api-notes.md, "Webhooks: management").
  defineOp(app, rt, 'webhooks.create', ({ params, body, user }) => {
    const ws = getWorkspace(rt, params.account_id!, params.workspace_id!);
    requireAdmin(rt, ws.account_id, user.id);
    checkEvents(body.data.events);
    checkUrl(body.data.url);
    const now = rt.store.clock.iso();
    const w: WebhookRec = {
      id: rt.store.newId(),
      account_id: ws.account_id,
      workspace_id: ws.id,
      name: body.data.name,
      url: body.data.url,
      events: body.data.events,
      active: true,
      secret: randomBytes(32).toString('base64url'),
      creator_id: user.id,
      created_at: now,
      updated_at: now,
      seq: rt.store.nextSeq(),
    };
    rt.store.state.webhooks[w.id] = w;
    rt.store.changed();
    return { data: { ...presentWebhook(rt, w), secret: w.secret } };
  });

  defineOp(app, rt, 'webhooks.index', ({ params, query, path, op }) => {
    const ws = getWorkspace(rt, params.account_id!, params.workspace_id!);
    const list = Object.values(rt.store.state.webhooks)
      .filter((w) => w.workspace_id === ws.id)
      .sort((a, b) => a.seq - b.seq);
    const includes = parseIncludes(query.include);
    return paginate(applySort(list, query.sort), query, path, pageSizeMax(op), (w) =>
      presentWebhook(rt, w, includes),
    );
  });

  defineOp(app, rt, 'webhooks.show', ({ params, query }) => ({
    data: presentWebhook(
      rt,
      getWebhook(rt, params.account_id!, params.webhook_id!),
      parseIncludes(query.include),
    ),
  }));

  defineOp(app, rt, 'webhooks.update', ({ params, body, user }) => {
    const w = getWebhook(rt, params.account_id!, params.webhook_id!);
    requireAdmin(rt, w.account_id, user.id);
    const d = body.data as Partial<Pick<WebhookRec, 'name' | 'url' | 'events' | 'active'>>;
    checkEvents(d.events);
    checkUrl(d.url);
    if (d.name !== undefined) w.name = d.name;
    if (d.url !== undefined) w.url = d.url;
    if (d.events !== undefined) w.events = d.events;
    if (d.active !== undefined) w.active = d.active;
    w.updated_at = rt.store.clock.iso();
    rt.store.changed();
    return { data: presentWebhook(rt, w) };
  });

  defineOp(app, rt, 'webhooks.delete', ({ params, user }) => {
    const w = getWebhook(rt, params.account_id!, params.webhook_id!);
    requireAdmin(rt, w.account_id, user.id);
    delete rt.store.state.webhooks[w.id];
    rt.store.changed();
    return undefined;
  });
}

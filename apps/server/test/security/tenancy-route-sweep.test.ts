import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.ts';
import { createApiKey, createMember, createPortalClient, createVersion } from '../helpers/factories.ts';
import type { TestClient, TestResponse } from '../helpers/http-client.ts';
import { type RouteEntry, routeTable } from '../helpers/route-table.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { makeTree, type Owner } from '../integration/domain-fixtures.ts';

/**
 * Attack: an authenticated user of organization B puts organization A's ids into any URL, hoping
 * one route forgets to scope its lookup by organization.
 * Promise: every route with an id in its path answers 404 `not_found` to another organization's
 * ids, over a session cookie and over an API key (portal routes: over another organization's
 * portal session), exactly as for an id that does not exist, and nothing of A's changes.
 *
 * The route list comes from the running app's router, so a new route is swept without editing
 * this file; it fails (naming the route) until the sweep knows which of A's ids to put in, or a
 * valid body to send so that validation does not answer before the lookup.
 */
let app: TestApp;
let victim: Owner;
let intruder: Owner;
/** The victim organization's id for each path segment that precedes an id parameter. */
const victimIds: Record<string, string> = {};
let intruderKey: string;
let intruderPortal: TestClient;

beforeAll(async () => {
  app = await startTestApp({ PREROLL_WORKER: 'off' });
  victim = await signUp(app);
  intruder = await signUp(app);
  const tree = await makeTree(victim.client);
  expect((await victim.client.post(`/api/v1/deliverables/${tree.deliverable.id}/submit`)).status).toBe(200);
  const versionId = await createVersion(app, victim.orgId, tree.deliverable.id, {
    rate: [24, 1],
    durationFrames: 240,
  });
  const comment = await victim.client.post(`/api/v1/versions/${versionId}/comments`, { body: 'Ours' });
  const portalUser = await victim.client.post(`/api/v1/clients/${tree.client.id}/portal-users`, {
    email: 'pat@victim.test',
    name: 'Pat',
  });
  const member = await createMember(app, victim.orgId, 'member');
  const key = await victim.client.post('/api/v1/api-keys', { name: 'victim key' });
  const upload = await app
    .client()
    .withBearer(key.body.data.key)
    .request('POST', '/api/v1/uploads', undefined, {
      headers: {
        'tus-resumable': '1.0.0',
        'upload-length': '10',
        'upload-metadata': `deliverable_id ${Buffer.from(tree.deliverable.id).toString('base64')}`,
      },
    });
  expect(upload.status).toBe(201);
  const deliveryId = newId();
  await app.preroll.db
    .insertInto('webhook_deliveries')
    .values({
      id: deliveryId,
      org_id: victim.orgId,
      received_at: new Date().toISOString(),
      event_type: 'comment.created',
      resource_type: 'comment',
      resource_id: newId(),
      payload_json: '{}',
      signature_ok: 1,
      dedupe_key: `victim-${deliveryId}`,
      status: 'processed',
      error: null,
      attempts: 1,
      processed_at: new Date().toISOString(),
    })
    .execute();
  // A public address literal: saved, never called (no worker runs in this file).
  const endpoint = await victim.client.post('/api/v1/webhook-endpoints', {
    url: 'https://93.184.216.34/hook',
    events: ['comment.created'],
  });
  expect(endpoint.status).toBe(201);
  const testDelivery = await victim.client.post(`/api/v1/webhook-endpoints/${endpoint.body.data.id}/test`);
  expect(testDelivery.status).toBe(202);
  // A notification of the victim's owner (no worker runs here, so it is written directly).
  const notificationId = newId();
  await app.preroll.db
    .insertInto('notifications')
    .values({
      id: notificationId,
      org_id: victim.orgId,
      recipient_type: 'user',
      recipient_id: victim.userId,
      event_key: `victim-${notificationId}`,
      kind: 'mention',
      deliverable_id: tree.deliverable.id,
      title: 'Ours',
      excerpt: null,
      link_path: '/',
      actor_name: 'Someone',
      mail_mode: 'off',
      mailed_at: null,
      read_at: null,
      created_at: new Date().toISOString(),
    })
    .execute();
  Object.assign(victimIds, {
    notifications: notificationId,
    'webhook-endpoints': endpoint.body.data.id,
    'webhook-deliveries': testDelivery.body.data.id,
    clients: tree.client.id,
    shows: tree.show.id,
    episodes: tree.episode.id,
    deliverables: tree.deliverable.id,
    versions: versionId,
    comments: comment.body.data.id,
    'portal-users': portalUser.body.data.id,
    members: member.userId,
    'api-keys': key.body.data.id,
    uploads: upload.headers.get('location')!.split('/').pop()!,
    deliveries: deliveryId,
  });

  intruderKey = await createApiKey(intruder.client);
  const intruderClient = await intruder.client.post('/api/v1/clients', { name: 'Intruder Client' });
  intruderPortal = (await createPortalClient(app, intruder.orgId, intruderClient.body.data.id)).client;
});
afterAll(async () => {
  await app?.close();
});

/** Bodies that pass validation, so the route reaches its lookup (keyed "METHOD url"). */
const VALID_BODIES: Record<string, unknown> = {
  'PATCH /api/v1/clients/:id': { name: 'Hijacked' },
  'POST /api/v1/clients/:id/shows': { title: 'Planted' },
  'POST /api/v1/clients/:id/portal-users': { email: 'spy@intruder.test', name: 'Spy' },
  'PATCH /api/v1/shows/:id': { title: 'Hijacked' },
  'POST /api/v1/shows/:id/episodes': { title: 'Planted' },
  'PATCH /api/v1/episodes/:id': { title: 'Hijacked' },
  'POST /api/v1/episodes/:id/deliverables': { title: 'Planted', kind: 'cut' },
  'PATCH /api/v1/deliverables/:id': { title: 'Hijacked' },
  'POST /api/v1/deliverables/:id/request-revision': { note: 'Hijacked' },
  'POST /api/v1/versions/:id/comments': { body: 'Planted' },
  'POST /api/v1/versions/:id/carry-forward': { all: true },
  'PATCH /api/v1/comments/:id': { body: 'Hijacked' },
  'PATCH /api/v1/members/:userId': { role: 'admin' },
  'POST /api/v1/versions/:id/frameio/share': {},
  'PATCH /api/v1/webhook-endpoints/:id': { description: 'Hijacked' },
  'PUT /api/v1/clients/:id/watch': { watching: true },
  'PUT /api/v1/shows/:id/watch': { watching: true },
  'PUT /api/v1/deliverables/:id/watch': { watching: true },
};

/** Routes whose parameter names no tenant's data: the API reference page's own script and style. */
const NOT_TENANT_DATA = new Set(['/api/v1/reference/:asset']);

/** Query strings that pass validation, for routes whose query is required (keyed like bodies). */
const VALID_QUERIES: Record<string, string> = {
  'GET /api/v1/versions/:id/markers': 'format=csv',
  'HEAD /api/v1/versions/:id/markers': 'format=csv',
  'POST /api/v1/versions/:id/markers/import/preview': 'format=csv',
  'POST /api/v1/versions/:id/markers/import': 'format=csv',
};

/**
 * tus requests need the protocol header (and PATCH its offset and type) to reach our check; a POST
 * creates an upload, and names the victim's deliverable in its metadata.
 */
function tusHeaders(method: string): Record<string, string> {
  const headers: Record<string, string> = { 'tus-resumable': '1.0.0' };
  if (method === 'PATCH') {
    headers['upload-offset'] = '0';
    headers['content-type'] = 'application/offset+octet-stream';
  }
  if (method === 'POST') {
    headers['upload-length'] = '10';
    headers['upload-metadata'] = `deliverable_id ${Buffer.from(victimIds.deliverables!).toString('base64')}`;
  }
  return headers;
}

/** The route's URL with the victim's ids in it, or a reason the sweep cannot fill it. */
function withVictimIds(url: string): string {
  return url.replace(/\/([^/]+)\/:([A-Za-z]+)/g, (_whole, segment: string, param: string) => {
    const id = victimIds[segment];
    if (!id) throw new Error(`no victim id for :${param} after /${segment}/ — add one to victimIds`);
    return `/${segment}/${id}`;
  });
}

async function attack(caller: TestClient, route: RouteEntry): Promise<TestResponse> {
  const key = `${route.method} ${route.url}`;
  const query = VALID_QUERIES[key];
  const path = withVictimIds(route.url) + (query ? `?${query}` : '');
  if (route.url.startsWith('/api/v1/uploads')) {
    return caller.request(route.method, path, undefined, {
      headers: tusHeaders(route.method),
      raw: route.method === 'PATCH' ? Buffer.from('0123456789') : undefined,
    });
  }
  const hasBody = !['GET', 'HEAD', 'DELETE'].includes(route.method);
  return caller.request(route.method, path, hasBody ? (VALID_BODIES[key] ?? {}) : undefined);
}

/** Every row of the victim organization, in every table that has an org_id. */
async function victimRows() {
  const db = app.preroll.db;
  const tables = (await db.introspection.getTables()).filter((t) =>
    t.columns.some((c) => c.name === 'org_id'),
  );
  const rows: Record<string, unknown[]> = {};
  for (const t of tables) {
    const found = await db
      // biome-ignore lint/suspicious/noExplicitAny: every table found here has an org_id column
      .selectFrom(t.name as any)
      .selectAll()
      .where('org_id', '=', victim.orgId)
      .execute();
    rows[t.name] = found.map((r) => JSON.stringify(r)).sort();
  }
  return rows;
}

describe('every route with an id, given another organization’s id → 404', () => {
  it('the router lists the routes this sweep walks (sanity: the table is read correctly)', () => {
    const routes = routeTable(app.preroll.app).map((r) => `${r.method} ${r.url}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'PATCH /api/v1/members/:userId',
        'GET /api/v1/integrations/frameio/workspaces',
        'DELETE /api/v1/portal-users/:id',
        'PATCH /api/v1/uploads/:uploadId',
        'POST /api/v1/deliverables/:id/frameio/resync',
      ]),
    );
    expect(routes.filter((r) => r.includes(':')).length).toBeGreaterThan(40);
  });

  it('over a session cookie and over an API key of another organization (portal routes: its portal session); nothing of the victim’s changes', async () => {
    const before = await victimRows();
    const routes = routeTable(app.preroll.app).filter(
      (r) => r.url.includes('/:') && r.method !== 'OPTIONS' && !NOT_TENANT_DATA.has(r.url),
    );
    const callers = (url: string): Array<[string, TestClient]> =>
      url.startsWith('/api/v1/portal/')
        ? [['portal session', intruderPortal]]
        : [
            ['session', intruder.client],
            ['API key', app.client().withBearer(intruderKey)],
          ];
    const wrong: string[] = [];
    let tried = 0;
    for (const route of routes) {
      for (const [via, caller] of callers(route.url)) {
        tried += 1;
        const res = await attack(caller, route);
        const code = route.method === 'HEAD' ? 'not_found' : res.body?.error?.code;
        if (res.status !== 404 || code !== 'not_found') {
          wrong.push(`${route.method} ${route.url} via ${via}: ${res.status} ${res.text.slice(0, 120)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(tried).toBeGreaterThan(80);
    expect(await victimRows()).toEqual(before);
  });
});

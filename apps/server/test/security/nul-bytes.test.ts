import fs from 'node:fs';
import * as activity from '@preroll/contracts/activity';
import * as auth from '@preroll/contracts/auth';
import * as clients from '@preroll/contracts/clients';
import * as comments from '@preroll/contracts/comments';
import * as common from '@preroll/contracts/common';
import * as deliverables from '@preroll/contracts/deliverables';
import * as episodes from '@preroll/contracts/episodes';
import * as frameio from '@preroll/contracts/frameio';
import * as frameioReview from '@preroll/contracts/frameio-review';
import * as frameioSync from '@preroll/contracts/frameio-sync';
import * as markers from '@preroll/contracts/markers';
import * as portal from '@preroll/contracts/portal';
import * as shows from '@preroll/contracts/shows';
import * as versions from '@preroll/contracts/versions';
import * as webhooks from '@preroll/contracts/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createApiKey, createVersion } from '../helpers/factories.ts';
import type { TestClient } from '../helpers/http-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { makeTree } from '../integration/domain-fixtures.ts';

/**
 * U+0000 in any request string. PostgreSQL text cannot hold it, so it used to fail the insert
 * with a 500 `internal_error` (and SQLite stored it). Now every string of every request schema
 * refuses it with 400 `nul_character` naming the field, the same on both databases, and nothing
 * is written.
 */
const NUL = '\u0000';
let app: TestApp;
let owner: Awaited<ReturnType<typeof signUp>>;
let ids: { client: string; show: string; episode: string; deliverable: string; version: string };
let apiKey: string;

beforeAll(async () => {
  app = await startTestApp();
  owner = await signUp(app);
  const tree = await makeTree(owner.client);
  ids = {
    client: tree.client.id,
    show: tree.show.id,
    episode: tree.episode.id,
    deliverable: tree.deliverable.id,
    version: await createVersion(app, owner.orgId, tree.deliverable.id, {
      rate: [25, 1],
      durationFrames: 250,
    }),
  };
  apiKey = await createApiKey(owner.client);
});
afterAll(async () => {
  await app?.close();
});

/**
 * Every table a request could write to, in full: equal snapshots mean nothing was written. (An API
 * key's last_used_at is left out: authenticating the tus request touches it, as any request does.)
 */
const TABLES = [
  'organizations',
  'users',
  'memberships',
  'invitations',
  'sessions',
  'api_keys',
  'login_attempts',
  'clients',
  'portal_users',
  'magic_links',
  'shows',
  'episodes',
  'deliverables',
  'deliverable_versions',
  'comments',
  'activity',
  'jobs',
  'mail_outbox',
  'frameio_oauth_states',
  'webhook_endpoints',
] as const;
async function snapshot(): Promise<string> {
  const db = app.preroll.db;
  const all: Record<string, unknown> = {};
  for (const table of TABLES) all[table] = await db.selectFrom(table).selectAll().execute();
  return JSON.stringify(all, (key, value) => (key === 'last_used_at' ? undefined : value));
}

type Who = 'owner' | 'anonymous';
interface Case {
  method: 'POST' | 'PATCH' | 'PUT';
  route: string;
  path: () => string;
  who: Who;
  /** A body that would be accepted (or get past validation) without the NUL. */
  body: () => Record<string, unknown>;
  fields: string[];
}

const PASSWORD = 'correct horse battery';
const cases: Case[] = [
  {
    method: 'POST',
    route: '/api/v1/auth/signup',
    path: () => '/api/v1/auth/signup',
    who: 'anonymous',
    body: () => ({
      email: 'nul@example.test',
      password: PASSWORD,
      name: 'Nul',
      organization_name: 'Nul Org',
    }),
    fields: ['email', 'password', 'name', 'organization_name'],
  },
  {
    method: 'POST',
    route: '/api/v1/auth/login',
    path: () => '/api/v1/auth/login',
    who: 'anonymous',
    body: () => ({ email: owner.email, password: PASSWORD }),
    fields: ['email', 'password'],
  },
  {
    method: 'POST',
    route: '/api/v1/organizations',
    path: () => '/api/v1/organizations',
    who: 'owner',
    body: () => ({ name: 'Second studio' }),
    fields: ['name'],
  },
  {
    method: 'POST',
    route: '/api/v1/invitations',
    path: () => '/api/v1/invitations',
    who: 'owner',
    body: () => ({ email: 'invitee@example.test', role: 'member' }),
    fields: ['email'],
  },
  {
    method: 'POST',
    route: '/api/v1/invitations/accept',
    path: () => '/api/v1/invitations/accept',
    who: 'anonymous',
    body: () => ({ token: 'a'.repeat(43), name: 'New Member', password: PASSWORD }),
    fields: ['token', 'name', 'password'],
  },
  {
    method: 'POST',
    route: '/api/v1/api-keys',
    path: () => '/api/v1/api-keys',
    who: 'owner',
    body: () => ({ name: 'automation' }),
    fields: ['name'],
  },
  {
    method: 'POST',
    route: '/api/v1/clients',
    path: () => '/api/v1/clients',
    who: 'owner',
    body: () => ({ name: 'Acme', contact_email: 'acme@example.test', notes: 'notes' }),
    fields: ['name', 'contact_email', 'notes'],
  },
  {
    method: 'PATCH',
    route: '/api/v1/clients/:id',
    path: () => `/api/v1/clients/${ids.client}`,
    who: 'owner',
    body: () => ({ name: 'Renamed', notes: 'notes' }),
    fields: ['name', 'notes'],
  },
  {
    method: 'POST',
    route: '/api/v1/clients/:id/shows',
    path: () => `/api/v1/clients/${ids.client}/shows`,
    who: 'owner',
    body: () => ({ title: 'Show', description: 'About' }),
    fields: ['title', 'description'],
  },
  {
    method: 'PATCH',
    route: '/api/v1/shows/:id',
    path: () => `/api/v1/shows/${ids.show}`,
    who: 'owner',
    body: () => ({ title: 'Show', description: 'About' }),
    fields: ['title', 'description'],
  },
  {
    method: 'POST',
    route: '/api/v1/shows/:id/episodes',
    path: () => `/api/v1/shows/${ids.show}/episodes`,
    who: 'owner',
    body: () => ({ title: 'Episode' }),
    fields: ['title'],
  },
  {
    method: 'PATCH',
    route: '/api/v1/episodes/:id',
    path: () => `/api/v1/episodes/${ids.episode}`,
    who: 'owner',
    body: () => ({ title: 'Episode' }),
    fields: ['title'],
  },
  {
    method: 'POST',
    route: '/api/v1/episodes/:id/deliverables',
    path: () => `/api/v1/episodes/${ids.episode}/deliverables`,
    who: 'owner',
    body: () => ({ title: 'Cut', kind: 'cut' }),
    fields: ['title'],
  },
  {
    method: 'POST',
    route: '/api/v1/deliverables/:id/request-revision',
    path: () => `/api/v1/deliverables/${ids.deliverable}/request-revision`,
    who: 'owner',
    body: () => ({ note: 'Shorter please' }),
    fields: ['note'],
  },
  {
    method: 'POST',
    route: '/api/v1/versions/:id/comments',
    path: () => `/api/v1/versions/${ids.version}/comments`,
    who: 'owner',
    body: () => ({ body: 'Logo flickers', timecode: '00:00:01:00' }),
    fields: ['body', 'timecode'],
  },
  {
    method: 'POST',
    route: '/api/v1/clients/:id/portal-users',
    path: () => `/api/v1/clients/${ids.client}/portal-users`,
    who: 'owner',
    body: () => ({ email: 'contact@client.test', name: 'Casey' }),
    fields: ['email', 'name'],
  },
  {
    method: 'POST',
    route: '/api/v1/portal/login',
    path: () => '/api/v1/portal/login',
    who: 'anonymous',
    body: () => ({ token: 'b'.repeat(43) }),
    fields: ['token'],
  },
  {
    method: 'POST',
    route: '/api/v1/versions/:id/frameio/share',
    path: () => `/api/v1/versions/${ids.version}/frameio/share`,
    who: 'owner',
    body: () => ({ passphrase: 'secret phrase' }),
    fields: ['passphrase'],
  },
  {
    method: 'PUT',
    route: '/api/v1/integrations/frameio/status-mapping',
    path: () => '/api/v1/integrations/frameio/status-mapping',
    who: 'owner',
    body: () => ({ approved: 'Approved', revision_requested: 'Needs Review' }),
    fields: ['approved', 'revision_requested'],
  },
];

const table = cases.flatMap((c) => c.fields.map((field) => ({ ...c, field })));

function clientFor(who: Who): TestClient {
  return who === 'owner' ? owner.client : app.client();
}

describe('NUL in a JSON body field → 400 nul_character, nothing written', () => {
  it.each(table)('$method $route, field $field', async ({ method, path, who, body, field }) => {
    const input = body();
    input[field] = `${String(input[field]).slice(0, 3)}${NUL}${String(input[field]).slice(3)}`;
    const before = await snapshot();
    const res = await clientFor(who).request(method, path(), input);
    expect(res.status, res.text).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'nul_character', field });
    expect(await snapshot()).toBe(before);
  });
});

describe('NUL elsewhere in a request', () => {
  it('a query string value (a list cursor) → 400 nul_character', async () => {
    for (const path of ['/api/v1/clients', '/api/v1/shows', '/api/v1/episodes', '/api/v1/deliverables']) {
      const res = await owner.client.get(`${path}?cursor=abc%00def`);
      expect(res.status, `${path}: ${res.text}`).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'nul_character', field: 'cursor' });
    }
  });

  it('a tus upload whose Upload-Metadata filename holds NUL → 400 nul_character, no upload and no version', async () => {
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
    const before = await snapshot();
    const res = await fetch(`${app.url}/api/v1/uploads`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'tus-resumable': '1.0.0',
        'upload-length': '16',
        'upload-metadata': `deliverable_id ${b64(ids.deliverable)},filename ${b64(`cut${NUL}.mov`)}`,
      },
    });
    const body = await res.json();
    expect(res.status).toBe(400);
    expect(body.error).toMatchObject({ code: 'nul_character', field: 'filename' });
    expect(res.headers.get('location')).toBeNull();
    expect(await snapshot()).toBe(before);
    expect(fs.readdirSync(app.preroll.services.versions.uploadStore.directory)).toEqual([]);
  });

  it('the Frame.io OAuth callback with NUL in state lands on the Integrations page with an error (not a 500)', async () => {
    const res = await fetch(`${app.url}/api/integrations/frameio/callback?code=abc&state=x%00y`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(location.pathname).toBe('/settings/integrations');
    expect(location.searchParams.get('frameio_error')).toBeTruthy();
  });
});

/**
 * The promise above holds for endpoints nobody has written yet only if every string schema in
 * packages/contracts refuses NUL. This walks every exported schema down to its string leaves.
 */
describe('every string in packages/contracts refuses NUL', () => {
  const modules = {
    common,
    activity,
    auth,
    clients,
    comments,
    deliverables,
    episodes,
    frameio,
    frameioReview,
    frameioSync,
    markers,
    portal,
    shows,
    versions,
    webhooks,
  };
  // Strict formats whose own pattern already refuses NUL (ids, dates).
  const STRICT_FORMATS = new Set(['uuid', 'date', 'datetime']);

  function stringLeaves(schema: z.ZodType, path: string, out: Array<[string, z.ZodType]>) {
    const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
    switch (def.type) {
      case 'string':
        out.push([path, schema]);
        return;
      case 'object':
        for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) {
          stringLeaves(v, `${path}.${k}`, out);
        }
        return;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
        stringLeaves(def.innerType as z.ZodType, path, out);
        return;
      case 'pipe':
        stringLeaves(def.in as z.ZodType, path, out);
        return;
      default:
        return;
    }
  }

  const leaves: Array<[string, z.ZodType]> = [];
  for (const [modName, mod] of Object.entries(modules)) {
    for (const [name, value] of Object.entries(mod)) {
      if (value && typeof value === 'object' && '_zod' in value) {
        stringLeaves(value as z.ZodType, `${modName}.${name}`, leaves);
      }
    }
  }

  it('finds the string fields (the walk itself works)', () => {
    expect(leaves.map(([p]) => p)).toEqual(
      expect.arrayContaining([
        'auth.signupBody.name',
        'comments.createCommentBody.body',
        'versions.uploadMetadata.filename',
      ]),
    );
  });

  it.each(leaves)('%s', (_path, schema) => {
    const format = (schema as unknown as { _zod: { def: { format?: string } } })._zod.def.format;
    const result = schema.safeParse(`ab${NUL}cd`);
    expect(result.success).toBe(false);
    if (format && STRICT_FORMATS.has(format)) return;
    const coded = result.error!.issues.some(
      (i) => i.code === 'custom' && (i as { params?: { code?: string } }).params?.code === 'nul_character',
    );
    expect(coded).toBe(true);
  });
});

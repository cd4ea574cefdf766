import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type FrameioClient, OPERATIONS } from '../src/index.ts';
import { testClient } from './helpers/client-factory.ts';
import type { RecordedRequest, ScriptedResponse } from './helpers/scripted-fetch.ts';

interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  rateLimit: { limit: number; windowMs: number } | null;
}

// Derived from the vendored schema packages/frameio-sandbox/spec/openapi-subset.json (41 operations).
const spec = JSON.parse(
  readFileSync(new URL('./fixtures/openapi-operations.json', import.meta.url), 'utf8'),
) as {
  operations: SpecOperation[];
};
// And the one operation beyond the subset the client calls, as packages/frameio-sandbox/spec/openapi-extra.json has it.
spec.operations.push({
  operationId: 'account_permissions.index',
  method: 'GET',
  path: '/v4/accounts/{account_id}/users',
  rateLimit: { limit: 100, windowMs: 60_000 },
});

const A = 'acc';
type Call = [operationId: string, (c: FrameioClient) => Promise<unknown>, body?: unknown];

// One call per operation of the subset, with the ids it substitutes into the path template.
const calls: Call[] = [
  ['users.show', (c) => c.users.me()],
  ['account_permissions.index', (c) => c.users.iterateAccountUsers(A).next()],
  ['accounts.index', (c) => c.accounts.list()],
  ['workspaces.index', (c) => c.workspaces.list(A)],
  ['projects.index', (c) => c.projects.list(A, 'ws')],
  ['projects.create', (c) => c.projects.create(A, 'ws', { name: 'Show' }), { name: 'Show' }],
  ['projects.show', (c) => c.projects.show(A, 'pr')],
  ['projects.update', (c) => c.projects.update(A, 'pr', { status: 'inactive' }), { status: 'inactive' }],
  ['projects.delete', (c) => c.projects.delete(A, 'pr')],
  ['folders.show', (c) => c.folders.show(A, 'fo')],
  ['folders.update', (c) => c.folders.update(A, 'fo', { name: 'Ep 2' }), { name: 'Ep 2' }],
  ['folders.delete', (c) => c.folders.delete(A, 'fo')],
  ['folders.index', (c) => c.folders.children(A, 'fo')],
  ['folders.list', (c) => c.folders.subfolders(A, 'fo')],
  ['folders.create', (c) => c.folders.create(A, 'fo', { name: 'Ep 1' }), { name: 'Ep 1' }],
  [
    'files.create_local_upload',
    (c) => c.files.createLocalUpload(A, 'fo', { name: 'cut.mov', file_size: 10 }),
    { name: 'cut.mov', file_size: 10 },
  ],
  ['files.list', (c) => c.files.list(A, 'fo')],
  ['files.show', (c) => c.files.show(A, 'fi')],
  ['files.update', (c) => c.files.update(A, 'fi', { name: 'v2.mov' }), { name: 'v2.mov' }],
  ['files.delete', (c) => c.files.delete(A, 'fi')],
  ['files.show_file_upload_status', (c) => c.files.status(A, 'fi')],
  ['files.move', (c) => c.files.move(A, 'fi', { parent_id: 'vs' }), { parent_id: 'vs' }],
  [
    'version_stacks.create',
    (c) => c.versionStacks.create(A, 'fo', { file_ids: ['a', 'b'] }),
    { file_ids: ['a', 'b'] },
  ],
  ['version_stacks.index', (c) => c.versionStacks.children(A, 'vs')],
  ['comments.index', (c) => c.comments.list(A, 'fi')],
  [
    'comments.create',
    (c) => c.comments.create(A, 'fi', { text: 'hi', timestamp: 1 }),
    { text: 'hi', timestamp: 1 },
  ],
  ['comments.show', (c) => c.comments.show(A, 'co')],
  ['comments.update', (c) => c.comments.update(A, 'co', { completed: true }), { completed: true }],
  ['comments.delete', (c) => c.comments.delete(A, 'co')],
  ['metadata.show', (c) => c.metadata.showFile(A, 'fi')],
  ['metadata.field_definitions.index', (c) => c.metadata.fieldDefinitions(A)],
  [
    'metadata.bulk_update',
    (c) =>
      c.metadata.bulkUpdate(A, 'pr', {
        file_ids: ['fi'],
        values: [{ field_definition_id: 'fd', value: ['opt'] }],
      }),
    { file_ids: ['fi'], values: [{ field_definition_id: 'fd', value: ['opt'] }] },
  ],
  ['shares.index', (c) => c.shares.list(A, 'pr')],
  [
    'shares.create',
    (c) => c.shares.create(A, 'pr', { type: 'asset', name: 'Review', access: 'public', asset_ids: ['fi'] }),
    { type: 'asset', name: 'Review', access: 'public', asset_ids: ['fi'] },
  ],
  ['shares.show', (c) => c.shares.show(A, 'sh')],
  ['shares.update', (c) => c.shares.update(A, 'sh', { enabled: false }), { enabled: false }],
  ['shares.delete', (c) => c.shares.delete(A, 'sh')],
  ['webhooks.index', (c) => c.webhooks.list(A, 'ws')],
  [
    'webhooks.create',
    (c) =>
      c.webhooks.create(A, 'ws', {
        name: 'preroll',
        url: 'https://app.test/hook',
        events: ['comment.created'],
      }),
    { name: 'preroll', url: 'https://app.test/hook', events: ['comment.created'] },
  ],
  ['webhooks.show', (c) => c.webhooks.show(A, 'wh')],
  ['webhooks.update', (c) => c.webhooks.update(A, 'wh', { active: false }), { active: false }],
  ['webhooks.delete', (c) => c.webhooks.delete(A, 'wh')],
];

const ids: Record<string, string> = {
  account_id: A,
  workspace_id: 'ws',
  project_id: 'pr',
  folder_id: 'fo',
  file_id: 'fi',
  version_stack_id: 'vs',
  comment_id: 'co',
  share_id: 'sh',
  webhook_id: 'wh',
};

function answer(req: RecordedRequest): ScriptedResponse {
  if (req.method === 'DELETE' || req.url.pathname.endsWith('/metadata/values')) return { status: 204 };
  if (req.method === 'POST') return { status: 201, body: { data: { id: 'new' } } };
  return {
    status: 200,
    body: { data: req.url.pathname.endsWith('s') ? [] : { id: 'x' }, links: { next: null } },
  };
}

describe('every operation of openapi-subset.json', () => {
  it('has a method on the client and an entry in OPERATIONS', () => {
    const specIds = spec.operations.map((o) => o.operationId).sort();
    expect(specIds).toHaveLength(42);
    expect(Object.keys(OPERATIONS).sort()).toEqual(specIds);
    expect(calls.map(([id]) => id).sort()).toEqual(specIds);
  });

  it('OPERATIONS carries the documented method and rate limit of each operation', () => {
    for (const op of spec.operations) {
      const mine = OPERATIONS[op.operationId as keyof typeof OPERATIONS];
      expect({ id: op.operationId, method: mine.method }).toEqual({ id: op.operationId, method: op.method });
      expect({ id: op.operationId, limit: mine.limit, windowMs: mine.windowMs }).toEqual({
        id: op.operationId,
        ...op.rateLimit,
      });
    }
  });

  for (const [operationId, invoke, body] of calls) {
    it(`${operationId}: method, path template and {data} body`, async () => {
      const op = spec.operations.find((o) => o.operationId === operationId);
      if (!op) throw new Error(`unknown operation ${operationId}`);
      const { client, transport, clock } = testClient([], { fallback: answer });
      await clock.run(invoke(client));
      expect(transport.requests).toHaveLength(1);
      const req = transport.requests[0];
      const expectedPath = op.path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? `?${name}`);
      expect(req?.method).toBe(op.method);
      expect(req?.url.pathname).toBe(expectedPath);
      expect(req?.body).toEqual(body === undefined ? undefined : { data: body });
    });
  }

  it('serialises include lists, deepObject filters and timecode flags', async () => {
    const { client, transport, clock } = testClient([], { fallback: answer });
    await clock.run(client.files.show(A, 'fi', { include: ['media_links.original', 'creator'] }));
    await clock.run(
      client.metadata.fieldDefinitions(A, { filters: { exclude_immutable: true }, include: 'creator' }),
    );
    await clock.run(
      client.comments.create(
        A,
        'fi',
        { text: 't', timestamp: '00:00:02:12' },
        { timestamp_as_timecode: true },
      ),
    );
    await clock.run(client.metadata.showFile(A, 'fi', { show_null: true }));
    expect(transport.requests.map((r) => decodeURIComponent(r.url.search))).toEqual([
      '?include=media_links.original,creator',
      '?filters[exclude_immutable]=true&include=creator',
      '?timestamp_as_timecode=true',
      '?show_null=true',
    ]);
  });

  it('encodes ids so they cannot change the path (Adobe ids contain ":" and "|")', async () => {
    const { client, transport, clock } = testClient([], { fallback: answer });
    await clock.run(client.files.show(A, 'adobe:urn|2'));
    await clock.run(client.files.show(A, '../../me'));
    expect(transport.requests[0]?.url.pathname).toBe('/v4/accounts/acc/files/adobe%3Aurn%7C2');
    expect(transport.requests[1]?.url.pathname).toBe('/v4/accounts/acc/files/..%2F..%2Fme');
  });
});

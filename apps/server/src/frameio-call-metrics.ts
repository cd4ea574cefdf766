import type { Metrics } from './lib/metrics.ts';

/**
 * Counts every HTTP request the Frame.io integration makes (`preroll_frameio_requests_total`) by
 * operation and status, 429 included, by wrapping the fetch the composition root hands it: the
 * client in packages/frameio takes an injected fetch, so nothing in the integration changes, and
 * each retry is its own request (a 429 then a 200 counts both). Operations are named as in
 * packages/frameio's OPERATIONS (the official schema's operationIds); IMS calls as `ims.<path>`.
 */
export function observeFrameioFetch(fetchImpl: typeof fetch, metrics: Metrics): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const operation = frameioOperationOf(method, url.pathname);
    try {
      const res = await fetchImpl(input, init);
      metrics.frameioRequests.inc({ operation, status: String(res.status) });
      return res;
    } catch (err) {
      metrics.frameioRequests.inc({ operation, status: 'network_error' });
      throw err;
    }
  };
}

/** The path with every id replaced by `{id}`: segments that follow a collection name. */
const COLLECTIONS = new Set([
  'accounts',
  'workspaces',
  'projects',
  'folders',
  'files',
  'comments',
  'shares',
  'webhooks',
  'version_stacks',
]);

/** `METHOD template` → operationId, from packages/frameio-sandbox/spec/openapi-subset.json. */
const OPERATION_BY_ROUTE: Record<string, string> = {
  'GET /v4/me': 'users.show',
  // Beyond the subset (the sandbox's spec/openapi-extra.json).
  'GET /v4/accounts/{id}/users': 'account_permissions.index',
  'GET /v4/accounts': 'accounts.index',
  'GET /v4/accounts/{id}/workspaces': 'workspaces.index',
  'GET /v4/accounts/{id}/workspaces/{id}/projects': 'projects.index',
  'POST /v4/accounts/{id}/workspaces/{id}/projects': 'projects.create',
  'GET /v4/accounts/{id}/projects/{id}': 'projects.show',
  'PATCH /v4/accounts/{id}/projects/{id}': 'projects.update',
  'DELETE /v4/accounts/{id}/projects/{id}': 'projects.delete',
  'GET /v4/accounts/{id}/folders/{id}': 'folders.show',
  'PATCH /v4/accounts/{id}/folders/{id}': 'folders.update',
  'DELETE /v4/accounts/{id}/folders/{id}': 'folders.delete',
  'GET /v4/accounts/{id}/folders/{id}/children': 'folders.index',
  'GET /v4/accounts/{id}/folders/{id}/folders': 'folders.list',
  'POST /v4/accounts/{id}/folders/{id}/folders': 'folders.create',
  // `local_upload` follows `files`, so the template reads it as an id.
  'POST /v4/accounts/{id}/folders/{id}/files/{id}': 'files.create_local_upload',
  'GET /v4/accounts/{id}/folders/{id}/files': 'files.list',
  'GET /v4/accounts/{id}/files/{id}': 'files.show',
  'PATCH /v4/accounts/{id}/files/{id}': 'files.update',
  'DELETE /v4/accounts/{id}/files/{id}': 'files.delete',
  'GET /v4/accounts/{id}/files/{id}/status': 'files.show_file_upload_status',
  'PATCH /v4/accounts/{id}/files/{id}/move': 'files.move',
  'POST /v4/accounts/{id}/folders/{id}/version_stacks': 'version_stacks.create',
  'GET /v4/accounts/{id}/version_stacks/{id}/children': 'version_stacks.index',
  'GET /v4/accounts/{id}/files/{id}/comments': 'comments.index',
  'POST /v4/accounts/{id}/files/{id}/comments': 'comments.create',
  'GET /v4/accounts/{id}/comments/{id}': 'comments.show',
  'PATCH /v4/accounts/{id}/comments/{id}': 'comments.update',
  'DELETE /v4/accounts/{id}/comments/{id}': 'comments.delete',
  'GET /v4/accounts/{id}/files/{id}/metadata': 'metadata.show',
  'GET /v4/accounts/{id}/metadata/field_definitions': 'metadata.field_definitions.index',
  'PATCH /v4/accounts/{id}/projects/{id}/metadata/values': 'metadata.bulk_update',
  'GET /v4/accounts/{id}/projects/{id}/shares': 'shares.index',
  'POST /v4/accounts/{id}/projects/{id}/shares': 'shares.create',
  'GET /v4/accounts/{id}/shares/{id}': 'shares.show',
  'PATCH /v4/accounts/{id}/shares/{id}': 'shares.update',
  'DELETE /v4/accounts/{id}/shares/{id}': 'shares.delete',
  'GET /v4/accounts/{id}/workspaces/{id}/webhooks': 'webhooks.index',
  'POST /v4/accounts/{id}/workspaces/{id}/webhooks': 'webhooks.create',
  'GET /v4/accounts/{id}/webhooks/{id}': 'webhooks.show',
  'PATCH /v4/accounts/{id}/webhooks/{id}': 'webhooks.update',
  'DELETE /v4/accounts/{id}/webhooks/{id}': 'webhooks.delete',
};

export function frameioOperationOf(method: string, pathname: string): string {
  const segments = pathname.split('/').filter(Boolean);
  const ims = segments.indexOf('ims');
  if (ims !== -1) return `ims.${segments.slice(ims + 1).join('.') || 'root'}`;
  const v4 = segments.indexOf('v4');
  if (v4 === -1) return 'other';
  const parts = segments.slice(v4);
  const template = parts.map((s, i) => (i > 0 && COLLECTIONS.has(parts[i - 1]!) ? '{id}' : s)).join('/');
  return OPERATION_BY_ROUTE[`${method} /${template}`] ?? 'other';
}

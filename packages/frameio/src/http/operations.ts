// Every operation of openapi-subset.json with its method and documented rate limit. The limits
// are the "Rate Limits: N calls per W per account_user" lines of each operation description
// (frameio-api-notes.md, "Rate limits"); Frame.io meters each operation separately with a leaky
// bucket, so the limiter keys its buckets by operation name.

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface OperationSpec extends RateLimit {
  method: HttpMethod;
}

const MIN = 60_000;
const SEC = 1_000;

export const OPERATIONS = {
  'users.show': { method: 'GET', limit: 100, windowMs: MIN },
  // Beyond the subset (spec/openapi-extra.json of the sandbox): a Frame.io user's name by id.
  'account_permissions.index': { method: 'GET', limit: 100, windowMs: MIN },
  'accounts.index': { method: 'GET', limit: 100, windowMs: MIN },
  'workspaces.index': { method: 'GET', limit: 100, windowMs: MIN },
  'projects.index': { method: 'GET', limit: 100, windowMs: MIN },
  'projects.create': { method: 'POST', limit: 10, windowMs: MIN },
  'projects.show': { method: 'GET', limit: 100, windowMs: MIN },
  'projects.update': { method: 'PATCH', limit: 10, windowMs: MIN },
  'projects.delete': { method: 'DELETE', limit: 60, windowMs: MIN },
  'folders.show': { method: 'GET', limit: 100, windowMs: MIN },
  'folders.update': { method: 'PATCH', limit: 10, windowMs: MIN },
  'folders.delete': { method: 'DELETE', limit: 60, windowMs: MIN },
  'folders.index': { method: 'GET', limit: 100, windowMs: MIN },
  'folders.list': { method: 'GET', limit: 5, windowMs: SEC },
  'folders.create': { method: 'POST', limit: 3, windowMs: SEC },
  'files.create_local_upload': { method: 'POST', limit: 5, windowMs: SEC },
  'files.list': { method: 'GET', limit: 5, windowMs: SEC },
  'files.show': { method: 'GET', limit: 10, windowMs: SEC },
  'files.update': { method: 'PATCH', limit: 100, windowMs: MIN },
  'files.delete': { method: 'DELETE', limit: 100, windowMs: MIN },
  'files.show_file_upload_status': { method: 'GET', limit: 5, windowMs: SEC },
  'files.move': { method: 'PATCH', limit: 100, windowMs: MIN },
  'version_stacks.create': { method: 'POST', limit: 10, windowMs: MIN },
  'version_stacks.index': { method: 'GET', limit: 100, windowMs: MIN },
  'comments.index': { method: 'GET', limit: 100, windowMs: MIN },
  'comments.create': { method: 'POST', limit: 100, windowMs: MIN },
  'comments.show': { method: 'GET', limit: 100, windowMs: MIN },
  'comments.update': { method: 'PATCH', limit: 10, windowMs: MIN },
  'comments.delete': { method: 'DELETE', limit: 60, windowMs: MIN },
  'metadata.show': { method: 'GET', limit: 100, windowMs: MIN },
  'metadata.field_definitions.index': { method: 'GET', limit: 100, windowMs: MIN },
  'metadata.bulk_update': { method: 'PATCH', limit: 10, windowMs: MIN },
  'shares.index': { method: 'GET', limit: 100, windowMs: MIN },
  'shares.create': { method: 'POST', limit: 10, windowMs: MIN },
  'shares.show': { method: 'GET', limit: 100, windowMs: MIN },
  'shares.update': { method: 'PATCH', limit: 10, windowMs: MIN },
  'shares.delete': { method: 'DELETE', limit: 60, windowMs: MIN },
  'webhooks.index': { method: 'GET', limit: 100, windowMs: MIN },
  'webhooks.create': { method: 'POST', limit: 10, windowMs: MIN },
  'webhooks.show': { method: 'GET', limit: 100, windowMs: MIN },
  'webhooks.update': { method: 'PATCH', limit: 10, windowMs: MIN },
  'webhooks.delete': { method: 'DELETE', limit: 60, windowMs: MIN },
} as const satisfies Record<string, OperationSpec>;

export type OperationName = keyof typeof OPERATIONS;

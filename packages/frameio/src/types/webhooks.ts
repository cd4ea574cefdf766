import type { User } from './common.ts';

// Webhook management (frameio-api-notes.md, "Webhooks: management"). Events list from `WebhookEvents`
// (frameio-api-notes.md, "Webhooks: events").

export type WebhookEvent =
  | 'file.created'
  | 'file.deleted'
  | 'file.ready'
  | 'file.updated'
  | 'file.upload.completed'
  | 'file.versioned'
  | 'file.copied'
  | 'folder.created'
  | 'folder.deleted'
  | 'folder.updated'
  | 'folder.copied'
  | 'comment.completed'
  | 'comment.created'
  | 'comment.deleted'
  | 'comment.uncompleted'
  | 'comment.updated'
  | 'customfield.created'
  | 'customfield.updated'
  | 'customfield.deleted'
  | 'metadata.value.updated'
  | 'project.created'
  | 'project.deleted'
  | 'project.updated'
  | 'collection.created'
  | 'collection.updated'
  | 'collection.deleted'
  | 'share.created'
  | 'share.updated'
  | 'share.deleted'
  | 'share.viewed';

export interface Webhook {
  id: string;
  name: string;
  url: string;
  events: string[];
  workspace_id?: string | null;
  active?: boolean;
  created_at: string;
  updated_at: string;
}

export interface WebhookWithIncludes extends Webhook {
  creator?: User;
}

/**
 * Only the create response carries the signing secret, once (frameio-api-notes.md,
 * "Webhooks: management"). Store it encrypted.
 */
export interface WebhookWithSecret extends Webhook {
  secret: string;
}

export interface WebhookCreateInput {
  name: string;
  url: string;
  events: WebhookEvent[];
}

/**
 * The field is `active`, not `is_active` (the sources conflict, frameio-api-notes.md,
 * "Webhooks: management").
 */
export interface WebhookUpdateInput {
  name?: string;
  url?: string;
  events?: WebhookEvent[];
  active?: boolean;
}

export type WebhookSort = 'name_asc' | 'created_at_asc' | 'name_desc' | 'created_at_desc';

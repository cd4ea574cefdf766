import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../db/schema.ts';

/**
 * The Frame.io integration's tables (its migrations are in ../migrations). They are not in the
 * core's `Database`: the core knows nothing of them. Its repositories run on the same executor as
 * the core's (the pool, or the caller's transaction), typed with both sets of tables.
 */
export type FrameioConnectionStatus = 'pending' | 'active' | 'needs_reconnect';

export interface FrameioConnectionsTable {
  id: string;
  org_id: string;
  status: FrameioConnectionStatus;
  /** SecretBox ciphertexts. */
  access_token_enc: string;
  refresh_token_enc: string | null;
  access_expires_at: string;
  scopes: string;
  frameio_user_id: string;
  frameio_user_name: string;
  frameio_user_email: string;
  account_id: string | null;
  account_name: string | null;
  workspace_id: string | null;
  workspace_name: string | null;
  connected_by: string | null;
  connected_at: string;
  last_refreshed_at: string | null;
  last_error: string | null;
  /** Bumped by every token write; compare-and-set guard for cross-process refresh. */
  token_version: number;
  refresh_lease_owner: string | null;
  refresh_lease_until: string | null;
  /** Why the workspace webhook could not be created (connection/webhook-problems.ts), or null. */
  webhook_problem: string | null;
  created_at: string;
  updated_at: string;
}

export interface FrameioOauthStatesTable {
  id: string;
  org_id: string;
  user_id: string;
  state_hash: string;
  nonce_hash: string;
  code_verifier_enc: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface FrameioWaitingJobsTable {
  id: string;
  org_id: string;
  job_id: string;
  type: string;
  payload_json: string;
  max_attempts: number;
  reason: string;
  created_at: string;
}

export type FrameioLocalType = 'show' | 'episode' | 'deliverable' | 'version' | 'comment';
export type FrameioRemoteType = 'project' | 'folder' | 'file' | 'version_stack' | 'share' | 'comment';

export interface FrameioLinksTable {
  id: string;
  org_id: string;
  local_type: FrameioLocalType;
  local_id: string;
  remote_type: FrameioRemoteType;
  remote_id: string;
  remote_parent_id: string | null;
  /** The name we last gave the remote object (renames compare against it). */
  remote_name: string | null;
  remote_updated_at: string | null;
  created_at: string;
  updated_at: string;
}

export type FrameioUploadStatus = 'queued' | 'uploading' | 'uploaded' | 'transcoded' | 'failed';

export interface FrameioUploadsTable {
  id: string;
  org_id: string;
  version_id: string;
  deliverable_id: string;
  remote_file_id: string | null;
  media_type: string | null;
  view_url: string | null;
  file_size: number;
  /** JSON `[{size, url}]` as Frame.io returned it (null before the remote file exists). */
  parts_json: string | null;
  /** JSON array of 1-based part numbers already accepted. */
  parts_done_json: string;
  urls_expire_at: string | null;
  status: FrameioUploadStatus;
  bytes_done: number;
  error_code: string | null;
  error_message: string | null;
  /** Set while a rate limit or outage postponed the job. */
  retry_at: string | null;
  /** The job run sending parts now, and until when (migration 0025). */
  lease_owner: string | null;
  lease_until: string | null;
  /** The member who pressed Send or Retry last (migration 0074); told when the Send gives up. */
  sent_by: string | null;
  started_at: string | null;
  completed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface FrameioReviewLinksTable {
  id: string;
  org_id: string;
  version_id: string;
  deliverable_id: string;
  client_id: string;
  share_id: string;
  short_url: string;
  passphrase_set: number;
  expires_at: string | null;
  downloads_enabled: number;
  created_at: string;
}

/** The webhook preroll registered in the org's Frame.io workspace (migration 0026). */
export interface FrameioWebhooksTable {
  id: string;
  org_id: string;
  account_id: string;
  workspace_id: string;
  remote_id: string;
  secret_enc: string;
  url: string;
  events_json: string;
  created_at: string;
  updated_at: string;
}

export type WebhookDeliveryStatus = 'queued' | 'processed' | 'ignored' | 'failed';

/** Verified webhook deliveries (migration 0027). */
export interface WebhookDeliveriesTable {
  id: string;
  org_id: string;
  received_at: string;
  event_type: string;
  resource_type: string | null;
  resource_id: string | null;
  payload_json: string;
  signature_ok: number;
  dedupe_key: string;
  status: WebhookDeliveryStatus;
  error: string | null;
  attempts: number;
  processed_at: string | null;
}

/** A Frame.io user's name by id (migration 0075); null: not in the account's user list. */
export interface FrameioUserNamesTable {
  org_id: string;
  frameio_user_id: string;
  name: string | null;
  fetched_at: string;
}

export type CommentSyncState = 'pending' | 'synced' | 'failed';

/** Per-comment Frame.io sync state (migration 0028). */
export interface FrameioCommentSyncTable {
  comment_id: string;
  org_id: string;
  state: CommentSyncState;
  error: string | null;
  /** Text sent in a create not linked yet (migration 0030): how a retry or the echo finds it. */
  create_text: string | null;
  /** The push job run holding this comment, and until when (migration 0031). */
  push_lease_owner: string | null;
  push_lease_until: string | null;
  /** JSON RemoteCommentState: what Frame.io last held besides the text (migration 0051). */
  remote_state: string | null;
  updated_at: string;
}

/** The Status option a deliverable and its newest file last agreed on (migration 0034). */
export interface FrameioStatusSyncTable {
  deliverable_id: string;
  org_id: string;
  file_id: string;
  option_name: string | null;
  updated_at: string;
}

export interface FrameioTables {
  frameio_connections: FrameioConnectionsTable;
  frameio_oauth_states: FrameioOauthStatesTable;
  frameio_waiting_jobs: FrameioWaitingJobsTable;
  frameio_links: FrameioLinksTable;
  frameio_uploads: FrameioUploadsTable;
  frameio_user_names: FrameioUserNamesTable;
  frameio_review_links: FrameioReviewLinksTable;
  frameio_webhooks: FrameioWebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  frameio_comment_sync: FrameioCommentSyncTable;
  frameio_status_sync: FrameioStatusSyncTable;
}

export type FrameioDatabase = Database & FrameioTables;

/** What the integration's repositories run their queries on. */
export type FrameioExecutor = Kysely<FrameioDatabase> | Transaction<FrameioDatabase>;

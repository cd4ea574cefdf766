/**
 * Kysely table types. The same schema runs on SQLite and PostgreSQL, so it sticks to types both
 * store identically: ids are text (UUIDv7, time-ordered, so `ORDER BY id` is creation order and
 * makes a stable cursor), timestamps are ISO-8601 UTC text of fixed width (sortable as text),
 * booleans are integers 0/1, and JSON is text.
 */
export type { Role } from '../lib/actor.ts';

import type { ColumnType } from 'kysely';
import type { Role } from '../lib/actor.ts';
export type DeliverableStatus = 'draft' | 'submitted' | 'approved' | 'revision_requested' | 'resubmitted';
export type DeliverableKind = 'cut' | 'mix' | 'trailer' | 'teaser' | 'audio' | 'other';
export type EpisodeStatus = 'planned' | 'in_production' | 'in_review' | 'delivered';
export type VersionStatus = 'processing' | 'ready' | 'failed';
export type MediaKind = 'video' | 'audio' | 'other';
/** Whether a version plays from a proxy (docs/uploads-and-review.md, "What plays"). */
export type ProxyStatus = 'not_needed' | 'pending' | 'processing' | 'ready' | 'failed';
/** The pipeline step a version is in while `processing_stage` is set. */
export type ProcessingStage = 'analysing' | 'transcoding' | 'previews';
export type CommentVisibility = 'internal' | 'client';
export type CommentSource = 'preroll' | 'frameio';
export type AuthorType = 'user' | 'portal_user' | 'external';
/** Who marked a comment done: a team member, a client, or a reviewer in Frame.io. */
export type CommentCompleterType = AuthorType;
export type JobStatus = 'queued' | 'running' | 'done' | 'dead';

export interface OrganizationsTable {
  id: string;
  name: string;
  settings_json: string;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  id: string;
  org_id: string;
  user_id: string;
  role: Role;
  created_at: string;
}

export interface InvitationsTable {
  id: string;
  org_id: string;
  email: string;
  role: Role;
  token_hash: string;
  invited_by: string;
  expires_at: string;
  accepted_at: string | null;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string | null;
  portal_user_id: string | null;
  active_org_id: string | null;
  csrf_token: string;
  expires_at: string;
  created_at: string;
}

export interface ApiKeysTable {
  id: string;
  org_id: string;
  name: string;
  display_prefix: string;
  key_hash: string;
  created_by: string;
  last_used_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface LoginAttemptsTable {
  key: string;
  window_start: string;
  count: number;
}

export interface ClientsTable {
  id: string;
  org_id: string;
  name: string;
  contact_email: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface PortalUsersTable {
  id: string;
  org_id: string;
  client_id: string;
  email: string;
  name: string;
  created_at: string;
}

export interface MagicLinksTable {
  id: string;
  org_id: string;
  portal_user_id: string;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface ShowsTable {
  id: string;
  org_id: string;
  client_id: string;
  title: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface EpisodesTable {
  id: string;
  org_id: string;
  show_id: string;
  title: string;
  number: number | null;
  status: EpisodeStatus;
  air_date: string | null;
  created_at: string;
  updated_at: string;
}

export interface DeliverablesTable {
  id: string;
  org_id: string;
  episode_id: string;
  title: string;
  kind: DeliverableKind;
  status: DeliverableStatus;
  due_date: string | null;
  /** 1: the client may download the original files from the portal (0 by default). */
  client_may_download: ColumnType<number, number | undefined, number>;
  created_at: string;
  updated_at: string;
}

export interface DeliverableVersionsTable {
  id: string;
  org_id: string;
  deliverable_id: string;
  number: number;
  status: VersionStatus;
  original_filename: string;
  content_type: string | null;
  size_bytes: number;
  storage_key: string;
  sha256: string | null;
  media_kind: MediaKind;
  /** Exact rational frame rate; audio-only media uses 1000/1 so positions are milliseconds. */
  frame_rate_num: number | null;
  frame_rate_den: number | null;
  duration_frames: number | null;
  duration_ms: number | null;
  start_frame: number;
  drop_frame: number;
  width: number | null;
  height: number | null;
  probe_error: string | null;
  uploaded_by: string | null;
  created_at: string;
  updated_at: string;
  proxy_status: ProxyStatus;
  /** Storage keys of what the pipeline made (MediaStorage), null until made. */
  proxy_key: string | null;
  /** Why the proxy failed, as a sentence users read. */
  proxy_error: string | null;
  poster_key: string | null;
  /** The thumbnail sprite; its WebVTT index sits beside it with `.vtt` for `.jpg`. */
  thumbnails_key: string | null;
  waveform_key: string | null;
  processing_stage: ProcessingStage | null;
  processing_percent: number | null;
  processing_eta_seconds: number | null;
}

export interface CommentsTable {
  id: string;
  org_id: string;
  version_id: string;
  deliverable_id: string;
  parent_id: string | null;
  author_type: AuthorType;
  author_user_id: string | null;
  author_portal_user_id: string | null;
  author_name: string;
  body: string;
  visibility: CommentVisibility;
  /** Integer frame index at the version's exact rate (0-based); null for a general comment. */
  frame: number | null;
  duration_frames: number | null;
  source: CommentSource;
  /** The note this one was carried from, on an earlier version (carry-forward); null otherwise. */
  carried_from: string | null;
  /** Set while a top-level comment is done (complete / reopen); null while it is open. */
  completed_at: string | null;
  completed_by_type: CommentCompleterType | null;
  /** The user's or portal user's id; null for a Frame.io reviewer. */
  completed_by_id: string | null;
  completed_by_name: string | null;
  /** Vector shapes on the comment's frame, as JSON (packages/contracts drawings.ts); null when none. */
  drawing_json: string | null;
  edited_at: string | null;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A marker imported as a comment: its key, unique per version (NLE marker import). */
export interface CommentImportKeysTable {
  id: string;
  org_id: string;
  version_id: string;
  import_key: string;
  comment_id: string;
  format: string;
  created_at: string;
}

export type CarryForwardState = 'queued' | 'running' | 'done' | 'failed';

/** One alignment of a version against an earlier one (carry-forward), with its proposals once done. */
export interface CarryForwardRunsTable {
  id: string;
  org_id: string;
  version_id: string;
  from_version_id: string;
  state: CarryForwardState;
  /** 0–1 while the job runs. */
  progress: number;
  proposals_json: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
}

export interface ActivityTable {
  id: string;
  org_id: string;
  episode_id: string | null;
  subject_type: string;
  subject_id: string;
  action: string;
  actor_type: AuthorType | 'system';
  actor_id: string | null;
  actor_name: string;
  data_json: string;
  created_at: string;
}

export interface JobsTable {
  id: string;
  org_id: string | null;
  type: string;
  payload_json: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: string;
  idempotency_key: string | null;
  locked_by: string | null;
  locked_at: string | null;
  /** The running job's latest lease renewal (null until its first heartbeat). */
  heartbeat_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface MailOutboxTable {
  id: string;
  org_id: string | null;
  to_address: string;
  subject: string;
  body_text: string;
  /** The HTML part, when the mail has one (notifications); null for text-only mail. */
  body_html: ColumnType<string | null, string | null | undefined, string | null>;
  transport: 'smtp' | 'outbox';
  created_at: string;
}

/** A single-use account link: a password reset or a new email's confirmation (docs/teams.md). */
export interface AccountTokensTable {
  id: string;
  user_id: string;
  purpose: 'password_reset' | 'email_change';
  token_hash: string;
  new_email: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export type RecipientType = 'user' | 'portal_user';
export type MailMode = 'immediately' | 'hourly' | 'daily' | 'off';

/** One event for one recipient: the inbox row and the mail's to-do (docs/notifications.md). */
export interface NotificationsTable {
  id: string;
  org_id: string;
  recipient_type: RecipientType;
  recipient_id: string;
  /** The event's stable key: with the recipient, unique, so a retried fan-out adds nothing. */
  event_key: string;
  kind: string;
  deliverable_id: string | null;
  title: string;
  excerpt: string | null;
  /** Where the notification leads, relative to PUBLIC_URL. */
  link_path: string;
  actor_name: string;
  /** The recipient's preference for this kind when the event happened. */
  mail_mode: MailMode;
  mailed_at: string | null;
  read_at: string | null;
  created_at: string;
}

export interface NotificationPreferencesTable {
  org_id: string;
  recipient_type: RecipientType;
  recipient_id: string;
  kind: string;
  mode: MailMode;
  updated_at: string;
}

export interface WatchesTable {
  id: string;
  org_id: string;
  user_id: string;
  subject_type: 'client' | 'show' | 'deliverable';
  subject_id: string;
  created_at: string;
}

/** The tus per-upload lock, shared across processes (migration 0060). */
export interface UploadLocksTable {
  upload_id: string;
  /** Which request holds it (a random token per lock). */
  holder: string;
  /** The lease: the holder renews it while it works; past it, anyone may take the lock. */
  expires_at: string;
  /** 1 when another request asked the holder to let go. */
  release_requested: ColumnType<number, number | undefined, number>;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  login_attempts: LoginAttemptsTable;
  clients: ClientsTable;
  portal_users: PortalUsersTable;
  magic_links: MagicLinksTable;
  shows: ShowsTable;
  episodes: EpisodesTable;
  deliverables: DeliverablesTable;
  deliverable_versions: DeliverableVersionsTable;
  comments: CommentsTable;
  comment_import_keys: CommentImportKeysTable;
  carry_forward_runs: CarryForwardRunsTable;
  activity: ActivityTable;
  jobs: JobsTable;
  mail_outbox: MailOutboxTable;
  account_tokens: AccountTokensTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  watches: WatchesTable;
  upload_locks: UploadLocksTable;
}

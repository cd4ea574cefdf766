import type { Drawing } from '@preroll/contracts/drawings';
import type { VersionPlayback } from '@preroll/contracts/versions';

/** Response shapes of the REST API (see the API contract); only what the SPA reads. */

export type Role = 'owner' | 'admin' | 'member';

export interface Membership {
  organization_id: string;
  organization_name: string;
  role: Role;
}

export interface Me {
  user: { id: string; email: string; name: string };
  memberships: Membership[];
  active_organization: { id: string; name: string; role: Role } | null;
  csrf_token?: string | null;
}

export interface Member {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  joined_at: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  expires_at: string;
}

export interface ApiKey {
  id: string;
  name: string;
  display_prefix: string;
  created_at: string;
  last_used_at?: string | null;
  revoked_at?: string | null;
  key?: string;
}

export interface OutboxMail {
  id: string;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: string;
}

export interface Client {
  id: string;
  name: string;
  contact_email: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface Show {
  id: string;
  client_id: string;
  title: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export type EpisodeStatus = 'planned' | 'in_production' | 'in_review' | 'delivered';
export const EPISODE_STATUSES: EpisodeStatus[] = ['planned', 'in_production', 'in_review', 'delivered'];

export interface Episode {
  id: string;
  show_id: string;
  title: string;
  number: number | null;
  status: EpisodeStatus;
  air_date: string | null;
  created_at: string;
  updated_at: string;
}

export type DeliverableKind = 'cut' | 'mix' | 'trailer' | 'teaser' | 'audio' | 'other';
export const DELIVERABLE_KINDS: DeliverableKind[] = ['cut', 'mix', 'trailer', 'teaser', 'audio', 'other'];
export type DeliverableStatus = 'draft' | 'submitted' | 'approved' | 'revision_requested' | 'resubmitted';
/** What a client sees instead of the producer's lifecycle. */
export type ClientStatus = 'in_review' | 'approved' | 'changes_requested';

export interface Deliverable {
  id: string;
  episode_id: string;
  title: string;
  kind: DeliverableKind | string;
  status: DeliverableStatus | ClientStatus;
  due_date: string | null;
  /** Team view: 1 when the client may download the original files from the portal. */
  client_may_download?: boolean;
  /** Portal view: the same switch. */
  may_download?: boolean;
  created_at?: string;
  updated_at: string;
}

/** A version; the media pipeline's fields (playback, previews, progress) come from the contract. */
export interface Version extends Partial<VersionPlayback> {
  id: string;
  deliverable_id?: string;
  number: number;
  status: 'processing' | 'ready' | 'failed';
  /** The contract says original_filename/size_bytes; the server sends filename/size. Read with versionFilename/versionSize. */
  original_filename?: string;
  filename?: string;
  size_bytes?: number;
  size?: number;
  media_url?: string;
  sha256: string | null;
  media_kind: 'video' | 'audio' | 'other';
  frame_rate: string | null;
  frame_rate_label: string | null;
  duration_seconds: number | null;
  duration_frames: number | null;
  start_timecode: string | null;
  start_frame: number;
  drop_frame: boolean;
  width: number | null;
  height: number | null;
  created_at?: string;
  probe_error?: string | null;
}

export function versionFilename(v: Version): string {
  return v.original_filename ?? v.filename ?? `v${v.number}`;
}

export function versionSize(v: Version): number | null {
  return v.size_bytes ?? v.size ?? null;
}

export interface CommentAuthor {
  type: 'user' | 'portal_user' | 'external' | string;
  id: string | null;
  name: string;
}

export interface Comment {
  id: string;
  version_id: string;
  parent_id: string | null;
  author: CommentAuthor;
  /** null once deleted (the thread keeps its place). */
  body: string | null;
  visibility: 'internal' | 'client';
  source: 'preroll' | 'frameio' | string;
  frame: number | null;
  duration_frames: number | null;
  timestamp: number | null;
  timecode: string | null;
  /** Done (complete / reopen); replies follow their thread. */
  completed: boolean;
  completed_at: string | null;
  completed_by: CommentAuthor | null;
  /** Shapes on the comment's frame, normalised to the picture (packages/contracts drawings.ts). */
  drawing: Drawing | null;
  created_at: string;
  edited_at: string | null;
  deleted: boolean;
  /** The note this one was carried from (carry-forward), on an earlier version. */
  carried_from?: string | null;
  carried_origin?: CarriedOrigin | null;
  replies?: Comment[];
}

/** Where a carried note came from: the "carried from v1 at TC" link. */
export interface CarriedOrigin {
  comment_id: string;
  version_id: string;
  version_number: number;
  frame: number | null;
  timecode: string | null;
}

export interface Activity {
  id: string;
  action: string;
  subject_type: string;
  subject_id: string;
  data: Record<string, unknown>;
  created_at: string;
  actor_type?: string;
  actor_name?: string;
  actor?: { type: string; id: string | null; name: string };
  /** One sentence naming who did what to which thing. */
  summary?: string;
}

export interface PortalUser {
  id: string;
  client_id: string;
  email: string;
  name: string;
  created_at: string;
}

export interface PortalMe {
  user: PortalUser;
  client: { id: string; name: string };
}

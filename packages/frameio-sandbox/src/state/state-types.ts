/** Records held by the sandbox. Plain JSON so the whole state can be saved for demos. */

export type Role = 'owner' | 'admin' | 'member';

export interface UserRec {
  id: string;
  name: string;
  email: string;
  adobe_user_id: string;
  avatar_url: string | null;
}

export interface AccountRec {
  id: string;
  display_name: string;
  created_at: string;
  updated_at: string;
  storage_limit: number | null;
}

export interface MembershipRec {
  account_id: string;
  user_id: string;
  role: Role;
}

export interface WorkspaceRec {
  id: string;
  account_id: string;
  name: string;
  creator_id: string;
  created_at: string;
  updated_at: string;
}

export interface ProjectRec {
  id: string;
  account_id: string;
  workspace_id: string;
  name: string;
  description: string | null;
  restricted: boolean;
  status: 'active' | 'inactive';
  root_folder_id: string;
  owner_id: string;
  created_at: string;
  updated_at: string;
  seq: number;
}

export interface Rational {
  num: number;
  den: number;
}

export type MediaKind = 'video' | 'audio' | 'image' | 'other';

/**
 * What the transcoder learned about a file's media (docs/frameio-api-notes.md, "Media facts"):
 * the sandbox reads it with ffprobe when the upload completes.
 */
export interface MediaFacts {
  kind: MediaKind;
  /** Exact rational picture rate (30000/1001, never 29.97); null for audio, images, unknown. */
  frame_rate: Rational | null;
  frame_count: number | null;
  duration_ms: number | null;
  /** The start timecode as tagged in the file (e.g. "01:00:00;00"); null when untagged. */
  start_timecode: string | null;
  /** Frames from 00:00:00:00 to the first frame (0 when untagged). */
  start_frame: number;
  /** Drop-frame counting: 29.97 and 59.94, unless the file's own timecode tag says non-drop. */
  drop_frame: boolean;
  width: number | null;
  height: number | null;
  video_codec: string | null;
  audio_codec: string | null;
  sample_rate: number | null;
  channels: number | null;
}

/**
 * pending: not probed yet; probed: ffprobe answered; unavailable: no ffprobe (nothing is guessed);
 * unreadable: ffprobe could not read the bytes; control: the rate was set through the control API.
 */
export type MediaAnalysisState = 'pending' | 'probed' | 'unavailable' | 'unreadable' | 'control';

export interface MediaAnalysis {
  state: MediaAnalysisState;
  /** Said on the file (metadata "Media Analysis") and in the reviewer UI when facts are missing. */
  note: string | null;
  facts: MediaFacts | null;
}

export interface UploadPartRec {
  size: number;
  puts: number;
  done: boolean;
}

export interface AssetBase {
  id: string;
  name: string;
  account_id: string;
  project_id: string;
  parent_id: string | null;
  creator_id: string;
  created_at: string;
  updated_at: string;
  seq: number;
}

export interface FolderRec extends AssetBase {
  type: 'folder';
}

export interface FileRec extends AssetBase {
  type: 'file';
  file_size: number;
  media_type: string;
  status: 'created' | 'uploaded' | 'transcoded';
  parts: UploadPartRec[];
  /**
   * epoch ms after which the presigned part URLs are refused (frameio-api-notes.md,
   * "Local upload flow": lifetime UNCONFIRMED).
   */
  upload_expires_at: number;
  upload_failed: boolean;
  /** Why a remote upload failed (shown in the reviewer UI); absent for local uploads. */
  upload_error?: string | null;
  uploaded_at: string | null;
  upload_completed_at: string | null;
  sha256: string | null;
  media: MediaAnalysis;
  /** position inside a version stack (ascending = older); null outside stacks */
  version_index: number | null;
}

export interface VersionStackRec extends AssetBase {
  type: 'version_stack';
}

export type AssetRec = FolderRec | FileRec | VersionStackRec;

export interface CommentLinkRec {
  start_index: number;
  end_index: number;
  url: string;
}

export interface CommentRec {
  id: string;
  account_id: string;
  file_id: string;
  parent_id: string | null;
  owner_id: string;
  text: string;
  timestamp: number | null;
  duration: number | null;
  page: number | null;
  annotation: string | null;
  anchor: { x: number; y: number } | null;
  links: CommentLinkRec[];
  completed_at: string | null;
  completer_id: string | null;
  text_edited_at: string | null;
  created_at: string;
  updated_at: string;
  seq: number;
}

export interface SelectOptionRec {
  id: string;
  display_name: string;
  color: string | null;
}

export interface FieldDefinitionRec {
  id: string;
  account_id: string;
  name: string;
  field_type: 'select' | 'text' | 'rating' | 'toggle';
  field_configuration: Record<string, unknown>;
  creator_id: string;
  mutable: boolean;
  created_at: string;
  updated_at: string;
  seq: number;
}

export interface ShareRec {
  id: string;
  account_id: string;
  project_id: string;
  collection_id: string;
  name: string | null;
  description: string | null;
  code: string;
  access: 'public' | 'secure';
  asset_ids: string[];
  settings: Record<string, unknown>;
  enabled: boolean;
  commenting_enabled: boolean;
  downloading_enabled: boolean;
  passphrase: string | null;
  expiration: string | null;
  last_viewed_at: string | null;
  created_at: string;
  updated_at: string;
  seq: number;
}

export interface WebhookRec {
  id: string;
  account_id: string;
  workspace_id: string;
  name: string;
  url: string;
  events: string[];
  active: boolean;
  secret: string;
  creator_id: string;
  created_at: string;
  updated_at: string;
  seq: number;
}

export interface OAuthClientRec {
  client_id: string;
  /** null = public client (PKCE required, frameio-api-notes.md, "IMS credentials and redirect URIs") */
  client_secret: string | null;
  redirect_uris: string[];
  name: string;
  /**
   * user the client_credentials grant acts as (a "Service Account User", frameio-api-notes.md,
   * "IMS credentials and redirect URIs")
   */
  service_user_id: string | null;
}

export interface TokenRec {
  token: string;
  kind: 'access' | 'refresh';
  user_id: string;
  client_id: string;
  scope: string[];
  expires_at: number;
  revoked: boolean;
  /** all tokens minted from one consent share a grant id (revoking a refresh token ends the grant) */
  grant_id: string;
}

export interface SandboxState {
  seq: number;
  users: Record<string, UserRec>;
  accounts: Record<string, AccountRec>;
  memberships: MembershipRec[];
  workspaces: Record<string, WorkspaceRec>;
  projects: Record<string, ProjectRec>;
  assets: Record<string, AssetRec>;
  comments: Record<string, CommentRec>;
  fieldDefinitions: Record<string, FieldDefinitionRec>;
  /** key `${file_id}:${field_definition_id}` → stored value (select: option ids) */
  metadataValues: Record<string, unknown>;
  shares: Record<string, ShareRec>;
  webhooks: Record<string, WebhookRec>;
  clients: Record<string, OAuthClientRec>;
  tokens: Record<string, TokenRec>;
  /** signs presigned part URLs and media links; kept in the state so links survive a restart */
  signing_key: string;
}

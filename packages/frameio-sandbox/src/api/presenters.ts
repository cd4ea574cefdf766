import type { SandboxRuntime } from '../http/runtime.ts';
import type {
  AccountRec,
  CommentRec,
  FieldDefinitionRec,
  FileRec,
  FolderRec,
  ProjectRec,
  SelectOptionRec,
  ShareRec,
  UserRec,
  VersionStackRec,
  WebhookRec,
  WorkspaceRec,
} from '../state/state-types.ts';
import { isVideo } from '../uploads/media-types.ts';
import { mediaUrl, type Rendition } from '../uploads/signed-urls.ts';
import { stackFiles } from './resource-access.ts';
import { framesToTimecode } from './timecode.ts';

/** Turns records into the exact response shapes of openapi-subset.json. */

export function presentUser(u: UserRec | undefined): Record<string, unknown> {
  if (!u) return { id: null, name: null, email: '', avatar_url: null, active: null };
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    avatar_url: u.avatar_url,
    active: true,
    adobe_user_id: u.adobe_user_id,
  };
}

export function presentAccount(rt: SandboxRuntime, a: AccountRec, userId: string): Record<string, unknown> {
  const roles = rt.store.state.memberships
    .filter((m) => m.account_id === a.id && m.user_id === userId)
    .map((m) => m.role);
  const usage = Object.values(rt.store.state.assets)
    .filter((x): x is FileRec => x.type === 'file' && x.account_id === a.id && x.status !== 'created')
    .reduce((s, f) => s + f.file_size, 0);
  return {
    id: a.id,
    display_name: a.display_name,
    created_at: a.created_at,
    updated_at: a.updated_at,
    roles,
    storage_limit: a.storage_limit,
    storage_usage: usage,
    image: null,
  };
}

export function presentWorkspace(
  rt: SandboxRuntime,
  w: WorkspaceRec,
  includes: Set<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: w.id,
    name: w.name,
    account_id: w.account_id,
    created_at: w.created_at,
    updated_at: w.updated_at,
    image: null,
  };
  if (includes.has('creator')) out.creator = presentUser(rt.store.state.users[w.creator_id]);
  return out;
}

export function projectViewUrl(rt: SandboxRuntime, projectId: string): string {
  return `${rt.publicUrl}/ui/project/${projectId}/`;
}

export function assetViewUrl(rt: SandboxRuntime, projectId: string, assetId: string): string {
  return `${rt.publicUrl}/ui/project/${projectId}/view/${assetId}`;
}

export function presentProject(
  rt: SandboxRuntime,
  p: ProjectRec,
  withIncludes: boolean,
  includes: Set<string> = new Set(),
): Record<string, unknown> {
  const storage = Object.values(rt.store.state.assets)
    .filter((x): x is FileRec => x.type === 'file' && x.project_id === p.id && x.status !== 'created')
    .reduce((s, f) => s + f.file_size, 0);
  const out: Record<string, unknown> = {
    id: p.id,
    name: p.name,
    status: p.status,
    storage,
    restricted: p.restricted,
    workspace_id: p.workspace_id,
    root_folder_id: p.root_folder_id,
    created_at: p.created_at,
    updated_at: p.updated_at,
    view_url: projectViewUrl(rt, p.id),
    image: null,
  };
  if (withIncludes) {
    out.description = p.description;
    if (includes.has('owner')) out.owner = presentUser(rt.store.state.users[p.owner_id]);
  }
  return out;
}

export function parseIncludes(raw: string | undefined): Set<string> {
  return new Set(
    (raw ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

function assetCommon(rt: SandboxRuntime, a: FileRec | FolderRec | VersionStackRec): Record<string, unknown> {
  return {
    id: a.id,
    name: a.name,
    type: a.type,
    parent_id: a.parent_id,
    project_id: a.project_id,
    created_at: a.created_at,
    updated_at: a.updated_at,
    view_url: assetViewUrl(rt, a.project_id, a.id),
  };
}

function assetIncludes(
  rt: SandboxRuntime,
  a: FileRec | FolderRec | VersionStackRec,
  includes: Set<string>,
  out: Record<string, unknown>,
): void {
  if (includes.has('creator')) out.creator = presentUser(rt.store.state.users[a.creator_id]);
  if (includes.has('project')) {
    const p = rt.store.state.projects[a.project_id];
    if (p) out.project = presentProject(rt, p, true);
  }
  if (includes.has('metadata')) out.metadata = a.type === 'file' ? presentMetadataFields(rt, a, true) : [];
}

/** File without includes (`File` schema). */
export function presentFile(rt: SandboxRuntime, f: FileRec): Record<string, unknown> {
  return { ...assetCommon(rt, f), file_size: f.file_size, media_type: f.media_type, status: f.status };
}

const RENDITION_KEYS: Rendition[] = [
  'original',
  'thumbnail',
  'thumbnail_high_quality',
  'video_h264_180',
  'high_quality',
  'efficient',
  'scrub_sheet',
];

/**
 * Media links (REFERENCE.md §2.4): `original` once the bytes are in; renditions only when
 * `transcoded`, and only those that exist for the media (no video renditions for images/audio).
 * (choice) The sandbox does not transcode: video renditions stream the original bytes and
 * thumbnails are a generated SVG placeholder.
 */
function mediaLinks(rt: SandboxRuntime, f: FileRec, wanted: Set<string>): Record<string, unknown> {
  const all = wanted.has('media_links');
  const out: Record<string, unknown> = {};
  const hasBytes = f.status !== 'created';
  const ready = f.status === 'transcoded';
  const video = isVideo(f.media_type);
  const visual = video || f.media_type.startsWith('image/');
  for (const key of RENDITION_KEYS) {
    if (!all && !wanted.has(`media_links.${key}`)) continue;
    if (key === 'original') {
      out.original = {
        download_url: hasBytes ? mediaUrl(rt, f.id, 'original', 'attachment') : null,
        inline_url: hasBytes ? mediaUrl(rt, f.id, 'original', 'inline') : null,
      };
    } else if (key === 'high_quality' || key === 'efficient') {
      out[key] = { download_url: ready && video ? mediaUrl(rt, f.id, key, 'attachment') : null };
    } else {
      const exists = ready && (key === 'video_h264_180' || key === 'scrub_sheet' ? video : visual);
      out[key] = {
        download_url: exists ? mediaUrl(rt, f.id, key, 'attachment') : null,
        url: exists ? mediaUrl(rt, f.id, key, 'inline') : null,
      };
    }
  }
  return out;
}

export function presentFileWithIncludes(
  rt: SandboxRuntime,
  f: FileRec,
  includes: Set<string>,
): Record<string, unknown> {
  const out = presentFile(rt, f);
  assetIncludes(rt, f, includes, out);
  if ([...includes].some((i) => i.startsWith('media_links'))) out.media_links = mediaLinks(rt, f, includes);
  return out;
}

export function presentFolder(rt: SandboxRuntime, f: FolderRec): Record<string, unknown> {
  return { ...assetCommon(rt, f), cover_file_id: null };
}

export function presentFolderWithIncludes(
  rt: SandboxRuntime,
  f: FolderRec,
  includes: Set<string>,
): Record<string, unknown> {
  const out = presentFolder(rt, f);
  assetIncludes(rt, f, includes, out);
  return out;
}

export function presentVersionStack(
  rt: SandboxRuntime,
  v: VersionStackRec,
  includes: Set<string>,
): Record<string, unknown> {
  const files = stackFiles(rt, v.id);
  const head = files[files.length - 1];
  const out: Record<string, unknown> = {
    ...assetCommon(rt, v),
    name: head?.name ?? v.name,
    head_version: head ? presentFileWithIncludes(rt, head, includes) : null,
  };
  assetIncludes(rt, v, includes, out);
  return out;
}

export function presentAsset(
  rt: SandboxRuntime,
  a: FileRec | FolderRec | VersionStackRec,
  includes: Set<string>,
): Record<string, unknown> {
  if (a.type === 'file') return presentFileWithIncludes(rt, a, includes);
  if (a.type === 'folder') return presentFolderWithIncludes(rt, a, includes);
  return presentVersionStack(rt, a, includes);
}

export function presentComment(
  rt: SandboxRuntime,
  c: CommentRec,
  asTimecode: boolean,
): Record<string, unknown> {
  const file = rt.store.state.assets[c.file_id];
  const fps = file?.type === 'file' ? file.fps : { num: 24, den: 1 };
  const timestamp =
    c.timestamp === null ? null : asTimecode ? framesToTimecode(c.timestamp, fps) : c.timestamp;
  return {
    id: c.id,
    file_id: c.file_id,
    text: c.text,
    timestamp,
    duration: c.duration,
    page: c.page,
    annotation: c.annotation,
    anchor: c.anchor,
    completed_at: c.completed_at,
    completer_id: c.completer_id,
    text_edited_at: c.text_edited_at,
    created_at: c.created_at,
    updated_at: c.updated_at,
    attachments: [],
    mentions: [],
    links: c.links.map((l) => ({ ...l, text: c.text.slice(l.start_index, l.end_index) })),
    text_review_annotation: null,
  };
}

export function presentCommentWithIncludes(
  rt: SandboxRuntime,
  c: CommentRec,
  asTimecode: boolean,
  includes: Set<string>,
): Record<string, unknown> {
  const out = presentComment(rt, c, asTimecode);
  if (includes.has('owner')) out.owner = presentUser(rt.store.state.users[c.owner_id]);
  if (includes.has('replies')) {
    out.replies = Object.values(rt.store.state.comments)
      .filter((r) => r.parent_id === c.id)
      .sort((a, b) => a.seq - b.seq)
      .map((r) => presentComment(rt, r, asTimecode));
  }
  return out;
}

export function presentFieldDefinition(
  rt: SandboxRuntime,
  d: FieldDefinitionRec,
  includes: Set<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: d.id,
    name: d.name,
    field_type: d.field_type,
    creator_id: d.creator_id,
    created_at: d.created_at,
    updated_at: d.updated_at,
    mutable: d.mutable,
    field_configuration: d.field_configuration,
  };
  if (includes.has('creator')) out.creator = presentUser(rt.store.state.users[d.creator_id]);
  return out;
}

export function selectOptions(d: FieldDefinitionRec): SelectOptionRec[] {
  return ((d.field_configuration.options as SelectOptionRec[] | undefined) ?? []).map((o) => ({ ...o }));
}

/** `MetadataField`s of a file; `showNull` adds unset fields and field details (options). */
export function presentMetadataFields(
  rt: SandboxRuntime,
  f: FileRec,
  showNull: boolean,
): Record<string, unknown>[] {
  const defs = Object.values(rt.store.state.fieldDefinitions)
    .filter((d) => d.account_id === f.account_id)
    .sort((a, b) => a.seq - b.seq);
  const out: Record<string, unknown>[] = [];
  for (const d of defs) {
    const raw = rt.store.state.metadataValues[`${f.id}:${d.id}`];
    const unset = raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0);
    if (unset && !showNull) continue;
    const field: Record<string, unknown> = {
      field_definition_id: d.id,
      field_definition_name: d.name,
      field_type: d.field_type,
      mutable: d.mutable,
    };
    if (d.field_type === 'select') {
      const opts = selectOptions(d);
      const ids = Array.isArray(raw) ? (raw as string[]) : [];
      field.value = opts
        .filter((o) => ids.includes(o.id))
        .map((o) => ({ id: o.id, display_name: o.display_name }));
      if (showNull) field.field_options = opts.map((o) => ({ id: o.id, display_name: o.display_name }));
    } else {
      field.value = unset ? null : raw;
    }
    out.push(field);
  }
  return out;
}

export function shareShortUrl(rt: SandboxRuntime, s: ShareRec): string {
  return `${rt.publicUrl}/s/${s.code}`;
}

export function presentShare(rt: SandboxRuntime, s: ShareRec): Record<string, unknown> {
  return {
    ...s.settings,
    id: s.id,
    name: s.name,
    description: s.description,
    collection_id: s.collection_id,
    short_url: shareShortUrl(rt, s),
    access: s.access,
    enabled: s.enabled,
    commenting_enabled: s.commenting_enabled,
    downloading_enabled: s.downloading_enabled,
    passphrase: s.passphrase,
    expiration: s.expiration,
    last_viewed_at: s.last_viewed_at,
    created_at: s.created_at,
    updated_at: s.updated_at,
  };
}

export function presentWebhook(
  rt: SandboxRuntime,
  w: WebhookRec,
  includes: Set<string> = new Set(),
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: w.id,
    name: w.name,
    url: w.url,
    events: [...w.events],
    workspace_id: w.workspace_id,
    active: w.active,
    created_at: w.created_at,
    updated_at: w.updated_at,
  };
  if (includes.has('creator')) out.creator = presentUser(rt.store.state.users[w.creator_id]);
  return out;
}

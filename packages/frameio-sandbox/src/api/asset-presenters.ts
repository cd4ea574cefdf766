import type { SandboxRuntime } from '../http/runtime.ts';
import type { FileRec, FolderRec, VersionStackRec } from '../state/state-types.ts';
import { isVideo } from '../uploads/media-types.ts';
import { mediaUrl, type Rendition } from '../uploads/signed-urls.ts';
import { presentMetadataFields } from './metadata-presenters.ts';
import { presentProject, presentUser } from './presenters.ts';
import { stackFiles } from './resource-access.ts';

/** Files, folders and version stacks in the exact shapes of openapi-subset.json. */

export function assetViewUrl(rt: SandboxRuntime, projectId: string, assetId: string): string {
  return `${rt.publicUrl}/ui/project/${projectId}/view/${assetId}`;
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
 * Media links (frameio-api-notes.md, "Files"): `original` once the bytes are in; renditions only when
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

import type { User } from './common.ts';
import type { MetadataField } from './metadata.ts';
import type { ProjectWithIncludes } from './projects.ts';

// Folders, files and version stacks (frameio-api-notes.md, "Projects and folders", "Files",
// "Version stacks"). All share `AssetCommon`.

export type AssetType = 'file' | 'folder' | 'version_stack';

interface AssetCommon {
  id: string;
  name: string;
  project_id: string;
  /** Parent folder or version stack; the project root folder has none. */
  parent_id: string | null;
  created_at: string;
  updated_at: string;
  /** Opaque: never compose it (frameio-api-notes.md, "Files"). */
  view_url: string;
  adobe_id?: string | null;
}

interface AssetIncludes {
  creator?: User;
  metadata?: MetadataField[];
  project?: ProjectWithIncludes;
}

export interface Folder extends AssetCommon {
  type: 'folder';
  cover_file_id: string | null;
}

export interface FolderWithIncludes extends Folder, AssetIncludes {}

/** Processing state, not review state (frameio-api-notes.md, "Files"). */
export type FileStatus = 'created' | 'uploaded' | 'transcoded';

export interface File extends AssetCommon {
  type: 'file';
  file_size: number;
  /**
   * Null until the upload finished and the type is known (the sources conflict,
   * frameio-api-notes.md, "Files": treat as nullable).
   */
  media_type: string | null;
  status: FileStatus;
  adobe_version_id?: string | null;
}

interface MediaLink {
  download_url: string | null;
}

/** Every link may be null (not transcoded yet, no such rendition, watermarking): handle it. */
export interface MediaLinksCollection {
  original?: MediaLink & { inline_url: string | null };
  thumbnail?: MediaLink & { url: string | null };
  thumbnail_high_quality?: MediaLink & { url: string | null };
  video_h264_180?: MediaLink & { url: string | null };
  scrub_sheet?: MediaLink & { url: string | null };
  high_quality?: MediaLink;
  efficient?: MediaLink;
}

export interface FileWithIncludes extends File, AssetIncludes {
  media_links?: MediaLinksCollection;
}

/**
 * One presigned part: PUT exactly `size` bytes with `x-amz-acl: private` (frameio-api-notes.md,
 * "Local upload flow").
 */
export interface UploadUrl {
  size: number;
  url: string;
}

export interface FileWithUploadUrls extends File {
  upload_urls?: UploadUrl[];
}

export interface FileUploadStatus {
  id: string;
  filetype: string;
  upload_complete: boolean;
  upload_failed: boolean;
  uploaded_at: string | null;
  upload_completed_at: string | null;
}

export interface VersionStackWithIncludes extends AssetCommon, AssetIncludes {
  type: 'version_stack';
  head_version: FileWithIncludes | null;
}

/** `AssetWithIncludes`: discriminate on `type`. */
export type AssetWithIncludes = FileWithIncludes | FolderWithIncludes | VersionStackWithIncludes;

export type FileInclude =
  | 'media_links.original'
  | 'media_links.thumbnail'
  | 'media_links.thumbnail_high_quality'
  | 'media_links.video_h264_180'
  | 'media_links.high_quality'
  | 'media_links.efficient'
  | 'media_links.scrub_sheet'
  | 'creator'
  | 'project'
  | 'metadata';

export type FolderSort =
  | 'name_asc'
  | 'created_at_asc'
  | 'updated_at_asc'
  | 'name_desc'
  | 'created_at_desc'
  | 'updated_at_desc';

export type FileSort = FolderSort | 'file_size_asc' | 'file_size_desc';

export interface FileLocalUploadInput {
  name: string;
  /** Bytes, 1..5e12. */
  file_size: number;
}

// Shapes shared by every Frame.io V4 endpoint (frameio-api-notes.md, "List parameters", "Pagination",
// "Errors"; openapi-subset `Links`, `*Response` list schemas, error schemas).

/**
 * `links.next` is a relative path with an opaque `after` cursor, or null on the last page
 * (frameio-api-notes.md, "Pagination").
 */
export interface Links {
  next: string | null;
}

/** One page of a list endpoint. `total_count` is present only with `include_total_count=true`. */
export interface Page<T> {
  data: T[];
  links: Links;
  total_count?: number | null;
}

/**
 * Query parameters common to every list endpoint (frameio-api-notes.md, "List parameters"). Cursors
 * are never built by hand.
 */
export interface PageQuery {
  /**
   * 1..100 (default 50); the asset lists folders.index (children), files.list and folders.list
   * accept up to 500.
   */
  page_size?: number;
  include_total_count?: boolean;
  after?: string;
}

/** One item of the vendor error body `{errors: [...]}` (frameio-api-notes.md, "Errors"). */
export interface FrameioErrorDetail {
  detail: string;
  title?: string;
  source?: { pointer?: string };
}

/** Embedded user (`User` schema): `id` is null for invited users without a Frame.io account. */
export interface User {
  id: string | null;
  name: string | null;
  email: string;
  avatar_url: string | null;
  active: boolean | null;
  adobe_user_id?: string | null;
}

/**
 * Result of `GET /v4/me` (`Profile`): no account id here, list accounts instead (a CONFLICT,
 * frameio-api-notes.md, "Users and accounts").
 */
export interface Profile {
  id: string;
  name: string;
  email: string;
  avatar_url: string | null;
}

export interface Account {
  id: string;
  display_name: string;
  roles: Array<'admin' | 'member' | 'owner'>;
  /** null when the account has no storage limit. */
  storage_limit: number | null;
  storage_usage: number;
  created_at: string;
  updated_at: string;
  image?: string | null;
  adobe_id?: string | null;
  v4_migrated_at?: string | null;
}

export interface Workspace {
  id: string;
  name: string;
  account_id: string;
  created_at: string;
  updated_at: string;
  image?: string | null;
}

export interface WorkspaceWithIncludes extends Workspace {
  creator?: User;
}

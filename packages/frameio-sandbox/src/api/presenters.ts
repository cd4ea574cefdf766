import type { SandboxRuntime } from '../http/runtime.ts';
import type {
  AccountRec,
  FileRec,
  ProjectRec,
  ShareRec,
  UserRec,
  WebhookRec,
  WorkspaceRec,
} from '../state/state-types.ts';

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

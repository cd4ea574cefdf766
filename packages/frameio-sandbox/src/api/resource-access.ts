import { notFound } from '../http/api-error.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import type {
  AssetRec,
  CommentRec,
  FileRec,
  FolderRec,
  ProjectRec,
  Role,
  ShareRec,
  VersionStackRec,
  WebhookRec,
  WorkspaceRec,
} from '../state/state-types.ts';

/**
 * Lookups scoped to an account: anything of another account is simply "Not found"
 * (frameio-api-notes.md, "Errors"; a choice, see packages/frameio-sandbox/README.md, "Deviations").
 */
export function getWorkspace(rt: SandboxRuntime, accountId: string, id: string): WorkspaceRec {
  const w = rt.store.state.workspaces[id];
  if (!w || w.account_id !== accountId) throw notFound();
  return w;
}

export function getProject(rt: SandboxRuntime, accountId: string, id: string): ProjectRec {
  const p = rt.store.state.projects[id];
  if (!p || p.account_id !== accountId) throw notFound();
  return p;
}

export function getAsset(rt: SandboxRuntime, accountId: string, id: string): AssetRec {
  const a = rt.store.state.assets[id];
  if (!a || a.account_id !== accountId) throw notFound();
  return a;
}

export function getFolder(rt: SandboxRuntime, accountId: string, id: string): FolderRec {
  const a = getAsset(rt, accountId, id);
  if (a.type !== 'folder') throw notFound();
  return a;
}

export function getFile(rt: SandboxRuntime, accountId: string, id: string): FileRec {
  const a = getAsset(rt, accountId, id);
  if (a.type !== 'file') throw notFound();
  return a;
}

export function getVersionStack(rt: SandboxRuntime, accountId: string, id: string): VersionStackRec {
  const a = getAsset(rt, accountId, id);
  if (a.type !== 'version_stack') throw notFound();
  return a;
}

export function getComment(rt: SandboxRuntime, accountId: string, id: string): CommentRec {
  const c = rt.store.state.comments[id];
  if (!c || c.account_id !== accountId) throw notFound();
  return c;
}

export function getShare(rt: SandboxRuntime, accountId: string, id: string): ShareRec {
  const s = rt.store.state.shares[id];
  if (!s || s.account_id !== accountId) throw notFound();
  return s;
}

export function getWebhook(rt: SandboxRuntime, accountId: string, id: string): WebhookRec {
  const w = rt.store.state.webhooks[id];
  if (!w || w.account_id !== accountId) throw notFound();
  return w;
}

export function accountRole(rt: SandboxRuntime, accountId: string, userId: string): Role | undefined {
  return rt.store.state.memberships.find((m) => m.account_id === accountId && m.user_id === userId)?.role;
}

/** Account owners and admins ("Account Admins" in Frame.io's help; frameio-api-notes.md, "Permissions"). */
export function isAccountAdmin(rt: SandboxRuntime, accountId: string, userId: string): boolean {
  const role = accountRole(rt, accountId, userId);
  return role === 'owner' || role === 'admin';
}

export function childrenOf(rt: SandboxRuntime, parentId: string): AssetRec[] {
  return Object.values(rt.store.state.assets)
    .filter((a) => a.parent_id === parentId)
    .sort((a, b) => a.seq - b.seq);
}

/** Files of a version stack in version order (oldest first; head = last). */
export function stackFiles(rt: SandboxRuntime, stackId: string): FileRec[] {
  return childrenOf(rt, stackId)
    .filter((a): a is FileRec => a.type === 'file')
    .sort((a, b) => (a.version_index ?? 0) - (b.version_index ?? 0));
}

export function workspaceOfProject(rt: SandboxRuntime, projectId: string): string {
  return rt.store.state.projects[projectId]?.workspace_id ?? '';
}

/** Emits an event for a resource inside a project; the workspace is derived from the project. */
export function emitProjectEvent(
  rt: SandboxRuntime,
  type: string,
  project: ProjectRec,
  resource: { id: string; type: string },
  userId: string,
): void {
  rt.store.emit({
    type,
    account_id: project.account_id,
    workspace_id: project.workspace_id,
    project_id: project.id,
    resource,
    user_id: userId,
  });
}

export type SortKey = 'name' | 'created_at' | 'updated_at' | 'file_size';

export function applySort<
  T extends { seq: number; name?: string | null; created_at: string; updated_at: string },
>(
  items: T[],
  sort: string | undefined,
  extra: (t: T, key: string) => string | number | null = () => null,
): T[] {
  if (!sort) return items;
  const m = /^(.*)_(asc|desc)$/.exec(sort);
  if (!m?.[1]) return items;
  const key = m[1];
  const dir = m[2] === 'desc' ? -1 : 1;
  const val = (t: T): string | number => {
    const x = extra(t, key);
    if (x !== null) return x;
    if (key === 'name' || key === 'display_name') return (t.name ?? '').toLowerCase();
    if (key === 'created_at') return t.created_at;
    if (key === 'updated_at') return t.updated_at;
    return t.seq;
  };
  return [...items].sort((a, b) => {
    const va = val(a);
    const vb = val(b);
    return (va < vb ? -1 : va > vb ? 1 : a.seq - b.seq) * dir;
  });
}

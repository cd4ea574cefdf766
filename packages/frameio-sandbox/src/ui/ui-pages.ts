import { childrenOf, stackFiles } from '../api/resource-access.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import type { AssetRec, FileRec, FolderRec, ProjectRec } from '../state/state-types.ts';
import type { DeliveryRec } from '../webhooks/webhook-dispatcher.ts';
import { escapeHtml as e } from './html.ts';

export function homePage(rt: SandboxRuntime, userId: string): string {
  const s = rt.store.state;
  const accountIds = new Set(s.memberships.filter((m) => m.user_id === userId).map((m) => m.account_id));
  const parts: string[] = ['<h2>Projects</h2>'];
  for (const acc of Object.values(s.accounts).filter((a) => accountIds.has(a.id))) {
    parts.push(`<h3>${e(acc.display_name)}</h3>`);
    for (const ws of Object.values(s.workspaces).filter((w) => w.account_id === acc.id)) {
      const projects = Object.values(s.projects)
        .filter((p) => p.workspace_id === ws.id)
        .sort((a, b) => a.seq - b.seq);
      const items = projects
        .map((p) => `<li><a href="/ui/project/${e(p.id)}/">${e(p.name)}</a></li>`)
        .join('');
      parts.push(
        `<h4>${e(ws.name)}</h4><ul class="assets">${items || '<li class="muted">No projects yet</li>'}</ul>`,
      );
    }
  }
  return parts.join('');
}

export function crumbs(rt: SandboxRuntime, project: ProjectRec, asset: AssetRec | undefined): string {
  const chain: AssetRec[] = [];
  for (let a = asset; a; a = a.parent_id ? rt.store.state.assets[a.parent_id] : undefined) chain.unshift(a);
  const links = chain.map((a) =>
    a.parent_id === null
      ? `<a href="/ui/project/${e(project.id)}/">${e(project.name)}</a>`
      : `<a href="/ui/project/${e(project.id)}/view/${e(a.id)}">${e(a.name)}</a>`,
  );
  return `<nav class="crumbs" aria-label="Breadcrumb"><a href="/ui/">Projects</a> / ${links.join(' / ')}</nav>`;
}

export function folderPage(rt: SandboxRuntime, project: ProjectRec, folder: FolderRec): string {
  const items = childrenOf(rt, folder.id)
    .map((a) => {
      const label =
        a.type === 'folder'
          ? 'Folder'
          : a.type === 'version_stack'
            ? `Version stack (${stackFiles(rt, a.id).length})`
            : `File · ${(a as FileRec).status}`;
      const name = a.type === 'version_stack' ? (stackFiles(rt, a.id).at(-1)?.name ?? a.name) : a.name;
      return `<li><a href="/ui/project/${e(project.id)}/view/${e(a.id)}">${e(name)}</a> <span class="muted">${e(label)}</span></li>`;
    })
    .join('');
  return `${crumbs(rt, project, folder)}<h2>${e(folder.parent_id === null ? project.name : folder.name)}</h2>
<ul class="assets">${items || '<li class="muted">This folder is empty</li>'}</ul>`;
}

export function webhooksPage(rt: SandboxRuntime, log: DeliveryRec[]): string {
  const rows = [...log]
    .reverse()
    .map((d) => {
      const hook = rt.store.state.webhooks[d.webhook_id];
      const attempts = d.attempts
        .map((a) => `${a.status ?? e(a.error ?? 'error')} (${a.duration_ms} ms)`)
        .join(', ');
      return `<tr><td>${e(d.created_at)}</td><td>${e(d.event)}</td><td>${e(hook?.name ?? '(deleted)')}<br><span class="muted">${e(d.url)}</span></td>
<td>${e(d.state)}${d.duplicate_of ? ' (duplicate)' : ''}</td><td>${d.attempts.length}</td><td>${attempts}</td><td><code>${e(JSON.stringify(d.payload))}</code></td></tr>`;
    })
    .join('');
  return `<h2>Webhook deliveries</h2><table aria-label="Webhook deliveries"><thead><tr><th>Created</th><th>Event</th><th>Webhook</th><th>State</th><th>Attempts</th><th>Status codes</th><th>Payload</th></tr></thead>
<tbody>${rows || '<tr><td colspan="7" class="muted">No deliveries yet</td></tr>'}</tbody></table>`;
}

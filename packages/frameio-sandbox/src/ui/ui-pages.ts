import { presentMetadataFields, selectOptions } from '../api/metadata-presenters.ts';
import { childrenOf, stackFiles } from '../api/resource-access.ts';
import { framesToTimecode } from '../api/timecode.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import type { AssetRec, CommentRec, FileRec, FolderRec, ProjectRec } from '../state/state-types.ts';
import { isVideo } from '../uploads/media-types.ts';
import { mediaUrl } from '../uploads/signed-urls.ts';
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

function crumbs(rt: SandboxRuntime, project: ProjectRec, asset: AssetRec | undefined): string {
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

function commentBlock(rt: SandboxRuntime, c: CommentRec, file: FileRec, returnTo: string): string {
  const s = rt.store.state;
  const owner = s.users[c.owner_id]?.name ?? 'Unknown';
  const tc = c.timestamp === null ? '' : framesToTimecode(c.timestamp, file.fps);
  const seek =
    c.timestamp === null
      ? '<span class="muted">General</span>'
      : `<button type="button" class="tc" data-seek-frame="${c.timestamp}" aria-label="Go to ${tc}">${tc}</button>`;
  const replies = Object.values(s.comments)
    .filter((r) => r.parent_id === c.id)
    .sort((a, b) => a.seq - b.seq)
    .map(
      (r) =>
        `<div class="reply"><strong>${e(s.users[r.owner_id]?.name ?? 'Unknown')}</strong> <span class="muted">${e(r.created_at)}</span><p>${e(r.text)}</p></div>`,
    )
    .join('');
  const done = c.completed_at !== null;
  return `<article class="comment${done ? ' done' : ''}" aria-label="Comment by ${e(owner)}${tc ? ` at ${tc}` : ''}: ${e(c.text.slice(0, 60))}">
<div class="row">${seek}<strong>${e(owner)}</strong><span class="muted">${e(c.created_at)}</span>${done ? '<span>✓ Resolved</span>' : ''}</div>
<p>${e(c.text)}</p>${replies}
<div class="row">
<form method="post" action="/ui/comments/${e(c.id)}/completion"><input type="hidden" name="return_to" value="${e(returnTo)}">
<input type="hidden" name="completed" value="${done ? 'false' : 'true'}"><button type="submit">${done ? 'Reopen' : 'Resolve'}</button></form>
<form method="post" action="/ui/comments/${e(c.id)}/replies" class="row"><input type="hidden" name="return_to" value="${e(returnTo)}">
<label for="reply-${e(c.id)}">Reply</label><input id="reply-${e(c.id)}" name="text" required maxlength="40000">
<button type="submit">Send reply</button></form></div></article>`;
}

export function filePage(
  rt: SandboxRuntime,
  project: ProjectRec,
  file: FileRec,
  shownFrom: AssetRec,
  returnTo: string,
): string {
  const s = rt.store.state;
  const ready = file.status !== 'created';
  const src = ready ? mediaUrl(rt, file.id, 'original', 'inline') : '';
  let player = `<p class="muted">Waiting for upload (status: ${e(file.status)})</p>`;
  if (ready && isVideo(file.media_type)) {
    player = `<video id="player" controls preload="metadata" src="${e(src)}" data-fps-num="${file.fps.num}" data-fps-den="${file.fps.den}" aria-label="Video player"></video>
<p class="row"><span>Current frame <output id="current-frame" class="tc">1</output></span><span class="tc" id="current-tc">00:00:00:00</span></p>`;
  } else if (ready && file.media_type.startsWith('audio/')) {
    player = `<audio id="player" controls src="${e(src)}" data-fps-num="${file.fps.num}" data-fps-den="${file.fps.den}" aria-label="Audio player"></audio>`;
  } else if (ready && file.media_type.startsWith('image/')) {
    player = `<img src="${e(src)}" alt="${e(file.name)}" style="max-width:100%">`;
  } else if (ready) {
    player = `<p><a href="${e(mediaUrl(rt, file.id, 'original', 'attachment'))}">Download ${e(file.name)}</a></p>`;
  }
  const versions =
    shownFrom.type === 'version_stack'
      ? `<p class="muted">Versions: ${stackFiles(rt, shownFrom.id)
          .map((v, i) => `<a href="/ui/project/${e(project.id)}/view/${e(v.id)}">v${i + 1}</a>`)
          .join(' · ')}</p>`
      : '';
  const statusField = Object.values(s.fieldDefinitions).find(
    (d) => d.account_id === file.account_id && d.name === 'Status' && d.field_type === 'select',
  );
  let statusForm = '';
  if (statusField) {
    const current = presentMetadataFields(rt, file, true).find(
      (m) => m.field_definition_id === statusField.id,
    );
    const currentId = ((current?.value as { id: string }[] | undefined) ?? [])[0]?.id ?? '';
    const opts = [`<option value=""${currentId === '' ? ' selected' : ''}>(none)</option>`]
      .concat(
        selectOptions(statusField).map(
          (o) =>
            `<option value="${e(o.id)}"${o.id === currentId ? ' selected' : ''}>${e(o.display_name)}</option>`,
        ),
      )
      .join('');
    statusForm = `<form method="post" action="/ui/files/${e(file.id)}/status" class="row"><input type="hidden" name="return_to" value="${e(returnTo)}">
<label for="status-select">Status</label><select id="status-select" name="option_id">${opts}</select><button type="submit">Save status</button></form>`;
  }
  const comments = Object.values(s.comments)
    .filter((c) => c.file_id === file.id && c.parent_id === null)
    .sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0) || a.seq - b.seq)
    .map((c) => commentBlock(rt, c, file, returnTo))
    .join('');
  return `${crumbs(rt, project, shownFrom)}<h2>${e(file.name)}</h2>${versions}
<div class="grid"><section aria-label="Player">${player}${statusForm}</section>
<section aria-label="Comments"><h3>Comments</h3>
<form method="post" action="/ui/files/${e(file.id)}/comments"><input type="hidden" name="return_to" value="${e(returnTo)}">
<label for="comment-text">Comment</label><textarea id="comment-text" name="text" required maxlength="40000"></textarea>
<div class="row"><label for="comment-frame">Frame</label><input id="comment-frame" name="timestamp" type="number" min="1" inputmode="numeric" placeholder="none">
<button type="button" id="use-current-frame">Use current frame</button><button type="submit" class="primary">Add comment</button></div></form>
${comments || '<p class="muted">No comments yet</p>'}</section></div>
<script>
(() => {
  const v = document.getElementById('player');
  const frameInput = document.getElementById('comment-frame');
  if (!v || !v.dataset.fpsNum) return;
  const num = Number(v.dataset.fpsNum), den = Number(v.dataset.fpsDen), nominal = Math.ceil(num / den);
  const frameAt = (t) => Math.floor(t * num / den + 1e-6) + 1;
  const pad = (n) => String(n).padStart(2, '0');
  const tc = (f) => { const i = f - 1, s = Math.floor(i / nominal); return pad(Math.floor(s / 3600)) + ':' + pad(Math.floor(s / 60) % 60) + ':' + pad(s % 60) + ':' + pad(i % nominal); };
  const show = () => { const f = frameAt(v.currentTime); const o = document.getElementById('current-frame'); if (o) o.textContent = String(f); const t = document.getElementById('current-tc'); if (t) t.textContent = tc(f); };
  v.addEventListener('timeupdate', show); v.addEventListener('seeked', show);
  v.addEventListener('pause', () => { frameInput.value = String(frameAt(v.currentTime)); });
  document.getElementById('use-current-frame').addEventListener('click', () => { frameInput.value = String(frameAt(v.currentTime)); });
  for (const b of document.querySelectorAll('[data-seek-frame]')) {
    b.addEventListener('click', () => { v.currentTime = (Number(b.dataset.seekFrame) - 1) * den / num + 0.0001; v.pause(); });
  }
})();
</script>`;
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

import { formatFrameRate, frameRateLabel } from '@preroll/timecode';
import { presentMetadataFields, selectOptions } from '../api/metadata-presenters.ts';
import { stackFiles } from '../api/resource-access.ts';
import { framestampToSourceTimecode, type TimecodeBasis, timecodeBasis } from '../api/timecode.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import type { AssetRec, CommentRec, FileRec, ProjectRec } from '../state/state-types.ts';
import { isVideo } from '../uploads/media-types.ts';
import { mediaUrl } from '../uploads/signed-urls.ts';
import { escapeHtml as e } from './html.ts';
import { PLAYER_SCRIPT_JS, playerClockConfig } from './player-clock.ts';
import { crumbs } from './ui-pages.ts';

/** Where a comment sits: the source timecode at the file's own rate, or only its framestamp. */
function positionLabel(framestamp: number, basis: TimecodeBasis | null): string {
  return basis ? framestampToSourceTimecode(framestamp, basis) : `Framestamp ${framestamp}`;
}

function commentBlock(
  rt: SandboxRuntime,
  c: CommentRec,
  basis: TimecodeBasis | null,
  returnTo: string,
): string {
  const s = rt.store.state;
  const owner = s.users[c.owner_id]?.name ?? 'Unknown';
  const tc = c.timestamp === null ? '' : positionLabel(c.timestamp, basis);
  const seek =
    c.timestamp === null
      ? '<span class="muted">General</span>'
      : `<button type="button" class="tc" data-seek-frame="${c.timestamp}" aria-label="Go to ${basis ? `${tc} (framestamp ${c.timestamp})` : `framestamp ${c.timestamp}`}">${tc}</button>`;
  const range = c.duration ? `<span class="muted">${c.duration} frames</span>` : '';
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
<div class="row">${seek}${range}<strong>${e(owner)}</strong><span class="muted">${e(c.created_at)}</span>${done ? '<span>✓ Resolved</span>' : ''}</div>
<p>${e(c.text)}</p>${replies}
<div class="row">
<form method="post" action="/ui/comments/${e(c.id)}/completion"><input type="hidden" name="return_to" value="${e(returnTo)}">
<input type="hidden" name="completed" value="${done ? 'false' : 'true'}"><button type="submit">${done ? 'Reopen' : 'Resolve'}</button></form>
<form method="post" action="/ui/comments/${e(c.id)}/replies" class="row"><input type="hidden" name="return_to" value="${e(returnTo)}">
<label for="reply-${e(c.id)}">Reply</label><input id="reply-${e(c.id)}" name="text" required maxlength="40000">
<button type="submit">Send reply</button></form></div></article>`;
}

/** The media facts the probe found, or why there are none (never a guessed rate). */
function mediaFacts(file: FileRec, basis: TimecodeBasis | null): string {
  const { media } = file;
  if (media.state === 'pending')
    return '<p class="muted" role="status">Media facts: not known yet (the upload is not complete).</p>';
  if (media.note) return `<p class="warn" role="alert" aria-label="Media facts unknown">${e(media.note)}</p>`;
  const f = media.facts;
  if (!f) return '';
  const facts: [string, string][] = [];
  if (basis) {
    facts.push([
      'Frame rate',
      `${frameRateLabel(basis.rate)} fps (${formatFrameRate(basis.rate)})${basis.dropFrame ? ', drop-frame' : ''}`,
    ]);
    facts.push(['Start timecode', framestampToSourceTimecode(1, basis)]);
  }
  if (f.frame_count !== null) facts.push(['Frames', String(f.frame_count)]);
  if (f.duration_ms !== null) facts.push(['Duration', `${(f.duration_ms / 1000).toFixed(3)} s`]);
  if (f.width && f.height) facts.push(['Resolution', `${f.width}×${f.height}`]);
  const codecs = [f.video_codec, f.audio_codec].filter(Boolean).join(' / ');
  if (codecs) facts.push(['Codecs', codecs]);
  if (media.state === 'control') facts.push(['Source', 'frame rate set through the control API']);
  return `<dl class="facts" aria-label="Media facts">${facts.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>`;
}

function player(rt: SandboxRuntime, file: FileRec, basis: TimecodeBasis | null): string {
  if (file.status === 'created' && file.upload_failed)
    return `<p class="warn" role="alert">${e(file.upload_error ?? 'The upload failed.')}</p>`;
  if (file.status === 'created') return `<p class="muted">Waiting for upload (status: ${e(file.status)})</p>`;
  const src = mediaUrl(rt, file.id, 'original', 'inline');
  if (file.media_type.startsWith('audio/'))
    return `<audio id="player" controls src="${e(src)}" aria-label="Audio player"></audio>`;
  if (file.media_type.startsWith('image/'))
    return `<img src="${e(src)}" alt="${e(file.name)}" style="max-width:100%">`;
  if (!isVideo(file.media_type))
    return `<p><a href="${e(mediaUrl(rt, file.id, 'original', 'attachment'))}">Download ${e(file.name)}</a></p>`;
  const video = `<video id="player" controls preload="auto" src="${e(src)}" aria-label="Video player"></video>`;
  // Without a known rate the player cannot count frames: no clock, no stepping.
  if (!basis) return video;
  const clock = JSON.stringify(playerClockConfig(basis, file.media.facts?.frame_count ?? null));
  return `${video}<script type="application/json" id="player-clock">${clock}</script>
<div class="row" role="group" aria-label="Frame controls"><button type="button" id="prev-frame">Previous frame</button>
<button type="button" id="next-frame">Next frame</button>
<span>Framestamp <output id="current-frame" class="tc">1</output></span>
<span>Timecode <output id="current-tc" class="tc">${e(framestampToSourceTimecode(1, basis))}</output></span></div>`;
}

function statusForm(rt: SandboxRuntime, file: FileRec, returnTo: string): string {
  const statusField = Object.values(rt.store.state.fieldDefinitions).find(
    (d) => d.account_id === file.account_id && d.name === 'Status' && d.field_type === 'select',
  );
  if (!statusField) return '';
  const current = presentMetadataFields(rt, file, true).find((m) => m.field_definition_id === statusField.id);
  const currentId = ((current?.value as { id: string }[] | undefined) ?? [])[0]?.id ?? '';
  const opts = [`<option value=""${currentId === '' ? ' selected' : ''}>(none)</option>`]
    .concat(
      selectOptions(statusField).map(
        (o) =>
          `<option value="${e(o.id)}"${o.id === currentId ? ' selected' : ''}>${e(o.display_name)}</option>`,
      ),
    )
    .join('');
  return `<form method="post" action="/ui/files/${e(file.id)}/status" class="row"><input type="hidden" name="return_to" value="${e(returnTo)}">
<label for="status-select">Status</label><select id="status-select" name="option_id">${opts}</select><button type="submit">Save status</button></form>`;
}

export function filePage(
  rt: SandboxRuntime,
  project: ProjectRec,
  file: FileRec,
  shownFrom: AssetRec,
  returnTo: string,
): string {
  const basis = timecodeBasis(file);
  const versions =
    shownFrom.type === 'version_stack'
      ? `<p class="muted">Versions: ${stackFiles(rt, shownFrom.id)
          .map((v, i) => `<a href="/ui/project/${e(project.id)}/view/${e(v.id)}">v${i + 1}</a>`)
          .join(' · ')}</p>`
      : '';
  const comments = Object.values(rt.store.state.comments)
    .filter((c) => c.file_id === file.id && c.parent_id === null)
    .sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0) || a.seq - b.seq)
    .map((c) => commentBlock(rt, c, basis, returnTo))
    .join('');
  const clockButtons = basis
    ? '<button type="button" id="use-current-frame">Use current frame</button><button type="button" id="go-to-frame">Go to framestamp</button>'
    : '';
  return `${crumbs(rt, project, shownFrom)}<h2>${e(file.name)}</h2>${versions}
<div class="grid"><section aria-label="Player">${player(rt, file, basis)}${mediaFacts(file, basis)}${statusForm(rt, file, returnTo)}</section>
<section aria-label="Comments"><h3>Comments</h3>
<form method="post" action="/ui/files/${e(file.id)}/comments"><input type="hidden" name="return_to" value="${e(returnTo)}">
<label for="comment-text">Comment</label><textarea id="comment-text" name="text" required maxlength="40000"></textarea>
<div class="row"><label for="comment-frame">Framestamp (from 1)</label><input id="comment-frame" name="timestamp" type="number" min="1" inputmode="numeric" placeholder="none">
<label for="comment-duration">Duration (frames)</label><input id="comment-duration" name="duration" type="number" min="1" inputmode="numeric" placeholder="none">
${clockButtons}</div>
<div class="row"><label><input type="checkbox" name="completed" value="true"> Resolved</label>
<button type="submit" class="primary">Add comment</button></div></form>
${comments || '<p class="muted">No comments yet</p>'}</section></div>
<script>${PLAYER_SCRIPT_JS}</script>`;
}

import { forbidden, invalid } from '../http/api-error.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import type { CommentRec, FileRec, UserRec } from '../state/state-types.ts';
import { checkFieldsForFile, checkWithinMedia, toFramestamp } from './comment-rules.ts';
import { emitProjectEvent, isAccountAdmin } from './resource-access.ts';

export interface CommentInput {
  text?: string;
  timestamp?: unknown;
  duration?: number | null;
  page?: number | null;
  annotation?: string | null;
  anchor?: { x: number; y: number } | null;
  completed?: boolean | null;
  links?: { start_index: number; end_index: number; url: string }[];
  attachments?: unknown[];
  text_review_annotation?: unknown;
}

function emitComment(rt: SandboxRuntime, type: string, c: CommentRec, userId: string): void {
  const file = rt.store.state.assets[c.file_id];
  const project = file ? rt.store.state.projects[file.project_id] : undefined;
  if (project) emitProjectEvent(rt, type, project, { id: c.id, type: 'comment' }, userId);
}

/** A comment or reply created by `user`; shared by the API, the control API and the reviewer UI. */
export function createComment(
  rt: SandboxRuntime,
  file: FileRec,
  user: UserRec,
  d: CommentInput,
  parentId: string | null,
): CommentRec {
  checkFieldsForFile(d, file);
  const timestamp = toFramestamp(d.timestamp, file);
  const duration = d.duration ?? null;
  if (duration !== null && timestamp === null) throw invalid('/data/duration', 'duration requires timestamp');
  checkWithinMedia(file, timestamp, duration);
  const now = rt.store.clock.iso();
  const c: CommentRec = {
    id: rt.store.newId(),
    account_id: file.account_id,
    file_id: file.id,
    parent_id: parentId,
    owner_id: user.id,
    text: d.text ?? '',
    timestamp,
    duration,
    page: d.page ?? null,
    annotation: d.annotation ?? null,
    anchor: d.anchor ?? null,
    links: d.links ?? [],
    completed_at: d.completed ? now : null,
    completer_id: d.completed ? user.id : null,
    text_edited_at: null,
    created_at: now,
    updated_at: now,
    seq: rt.store.nextSeq(),
  };
  rt.store.state.comments[c.id] = c;
  rt.store.changed();
  // comment.created covers comments and replies (frameio-api-notes.md, "Webhooks: events")
  emitComment(rt, 'comment.created', c, user.id);
  return c;
}

/**
 * Only the author changes a comment (docs/frameio-api-notes.md, "Permissions": UNCONFIRMED,
 * a choice); resolving and reopening (`completed` alone) is open to everyone who can see it.
 */
function checkMayEdit(c: CommentRec, user: UserRec, d: CommentInput): void {
  if (c.owner_id === user.id) return;
  const onlyCompletion = Object.entries(d).every(([k, v]) => k === 'completed' || v === undefined);
  if (!onlyCompletion) throw forbidden("Only the comment's author can edit it");
}

export function updateComment(rt: SandboxRuntime, c: CommentRec, user: UserRec, d: CommentInput): CommentRec {
  checkMayEdit(c, user, d);
  const file = rt.store.state.assets[c.file_id] as FileRec;
  checkFieldsForFile(d, file);
  const now = rt.store.clock.iso();
  // validate everything before changing anything
  const timestamp = d.timestamp !== undefined ? toFramestamp(d.timestamp, file) : c.timestamp;
  const duration = d.duration !== undefined ? d.duration : c.duration;
  if (duration !== null && timestamp === null) throw invalid('/data/duration', 'duration requires timestamp');
  if (d.timestamp !== undefined || d.duration !== undefined) checkWithinMedia(file, timestamp, duration);
  let edited = d.timestamp !== undefined || d.duration !== undefined;
  c.timestamp = timestamp;
  c.duration = duration;
  if (d.text !== undefined && d.text !== c.text) {
    c.text = d.text;
    c.text_edited_at = now;
    edited = true;
  }
  for (const k of ['page', 'annotation', 'anchor', 'links'] as const) {
    if (d[k] !== undefined) {
      (c as unknown as Record<string, unknown>)[k] = d[k] ?? (k === 'links' ? [] : null);
      edited = true;
    }
  }
  let completion: string | null = null;
  if (d.completed !== undefined && d.completed !== null) {
    const was = c.completed_at !== null;
    if (d.completed && !was) {
      c.completed_at = now;
      c.completer_id = user.id;
      completion = 'comment.completed';
    } else if (!d.completed && was) {
      c.completed_at = null;
      c.completer_id = null;
      completion = 'comment.uncompleted';
    }
  }
  c.updated_at = now;
  rt.store.changed();
  if (edited) emitComment(rt, 'comment.updated', c, user.id);
  if (completion) emitComment(rt, completion, c, user.id);
  return c;
}

/**
 * The author deletes a comment; (choice, "Permissions") so may the account's owner and admins,
 * who "can see all and do all". A member deleting someone else's comment gets 403.
 */
export function deleteComment(rt: SandboxRuntime, c: CommentRec, user: UserRec): void {
  if (c.owner_id !== user.id && !isAccountAdmin(rt, c.account_id, user.id))
    throw forbidden("Only the comment's author or an account admin can delete it");
  for (const r of Object.values(rt.store.state.comments))
    if (r.parent_id === c.id) delete rt.store.state.comments[r.id];
  delete rt.store.state.comments[c.id];
  rt.store.changed();
  emitComment(rt, 'comment.deleted', c, user.id);
}

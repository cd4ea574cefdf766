import type { FastifyInstance } from 'fastify';
import { ApiError, invalid } from '../http/api-error.ts';
import { defineOp } from '../http/operation.ts';
import { paginate } from '../http/pagination.ts';
import { pageSizeMax } from '../http/request-validator.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import type { CommentRec, FileRec, UserRec } from '../state/state-types.ts';
import { presentComment, presentCommentWithIncludes } from './comment-presenters.ts';
import { parseIncludes } from './presenters.ts';
import { applySort, emitProjectEvent, getComment, getFile } from './resource-access.ts';
import { timecodeToFrames } from './timecode.ts';

/**
 * Integer framestamps start at 1 (frameio-api-notes.md, "Comments and framestamps"); a timecode
 * string is converted with the file's fps.
 */
function toFramestamp(value: unknown, file: FileRec): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const frames = timecodeToFrames(value, file.fps);
    if (frames === null) throw invalid('/data/timestamp', 'Invalid timecode, expected HH:MM:SS:FF');
    return frames;
  }
  if (typeof value === 'number' && value < 1) throw invalid('/data/timestamp', 'Framestamps start at 1');
  return value as number;
}

interface CommentInput {
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

function checkUnsupported(d: CommentInput, file: FileRec): void {
  // (choice) attachments need a second upload flow the sandbox does not emulate
  if (d.attachments && d.attachments.length > 0)
    throw invalid('/data/attachments', 'Attachments are not supported by the sandbox');
  const pdf = file.media_type === 'application/pdf';
  if (d.page !== undefined && d.page !== null && !pdf)
    throw invalid('/data/page', 'page is only allowed for PDF documents');
  if (d.text_review_annotation !== undefined && !pdf) {
    throw invalid('/data/text_review_annotation', 'text_review_annotation is only allowed for documents');
  }
}

/** A comment or reply created by `user`; shared by the API, the control API and the reviewer UI. */
export function createComment(
  rt: SandboxRuntime,
  file: FileRec,
  user: UserRec,
  d: CommentInput,
  parentId: string | null,
): CommentRec {
  checkUnsupported(d, file);
  const timestamp = toFramestamp(d.timestamp, file);
  if (d.duration !== undefined && d.duration !== null && timestamp === null) {
    throw invalid('/data/duration', 'duration requires timestamp');
  }
  const now = rt.store.clock.iso();
  const c: CommentRec = {
    id: rt.store.newId(),
    account_id: file.account_id,
    file_id: file.id,
    parent_id: parentId,
    owner_id: user.id,
    text: d.text ?? '',
    timestamp,
    duration: d.duration ?? null,
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

function emitComment(rt: SandboxRuntime, type: string, c: CommentRec, userId: string): void {
  const file = rt.store.state.assets[c.file_id];
  const project = file ? rt.store.state.projects[file.project_id] : undefined;
  if (project) emitProjectEvent(rt, type, project, { id: c.id, type: 'comment' }, userId);
}

export function updateComment(rt: SandboxRuntime, c: CommentRec, user: UserRec, d: CommentInput): CommentRec {
  const file = rt.store.state.assets[c.file_id] as FileRec;
  checkUnsupported(d, file);
  const now = rt.store.clock.iso();
  // validate everything before changing anything
  const timestamp = d.timestamp !== undefined ? toFramestamp(d.timestamp, file) : c.timestamp;
  const duration = d.duration !== undefined ? d.duration : c.duration;
  if (duration !== null && timestamp === null) throw invalid('/data/duration', 'duration requires timestamp');
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

export function deleteComment(rt: SandboxRuntime, c: CommentRec, userId: string): void {
  for (const r of Object.values(rt.store.state.comments))
    if (r.parent_id === c.id) delete rt.store.state.comments[r.id];
  delete rt.store.state.comments[c.id];
  rt.store.changed();
  emitComment(rt, 'comment.deleted', c, userId);
}

export function registerCommentRoutes(app: FastifyInstance, rt: SandboxRuntime): void {
  defineOp(app, rt, 'comments.create', ({ params, body, user, query }) => {
    const file = getFile(rt, params.account_id!, params.file_id!);
    const c = createComment(rt, file, user, body.data, null);
    return { data: presentComment(rt, c, query.timestamp_as_timecode === 'true') };
  });

  // Top-level comments only; replies are nested with include=replies (choice).
  defineOp(app, rt, 'comments.index', ({ params, query, path, op }) => {
    const file = getFile(rt, params.account_id!, params.file_id!);
    const includes = parseIncludes(query.include);
    if (query.sort?.startsWith('owner') && !includes.has('owner')) {
      throw new ApiError(422, [
        {
          detail: 'Sorting by owner requires include=owner',
          source: { pointer: '/sort' },
          title: 'Invalid value',
        },
      ]);
    }
    const list = Object.values(rt.store.state.comments)
      .filter((c) => c.file_id === file.id && c.parent_id === null)
      .sort((a, b) => a.seq - b.seq);
    const sorted = applySort(
      list.map((c) => ({ ...c, name: rt.store.state.users[c.owner_id]?.name ?? '' })),
      query.sort,
      (c, key) =>
        key === 'completed_at' ? (c.completed_at ?? '') : key === 'owner' ? c.name.toLowerCase() : null,
    );
    const asTc = query.timestamp_as_timecode === 'true';
    return paginate(sorted, query, path, pageSizeMax(op), (c) =>
      presentCommentWithIncludes(rt, c, asTc, includes),
    );
  });

  defineOp(app, rt, 'comments.show', ({ params, query }) => {
    const c = getComment(rt, params.account_id!, params.comment_id!);
    return {
      data: presentCommentWithIncludes(
        rt,
        c,
        query.timestamp_as_timecode === 'true',
        parseIncludes(query.include),
      ),
    };
  });

  defineOp(app, rt, 'comments.update', ({ params, body, user, query }) => {
    const c = getComment(rt, params.account_id!, params.comment_id!);
    updateComment(rt, c, user, body.data);
    return { data: presentComment(rt, c, query.timestamp_as_timecode === 'true') };
  });

  defineOp(app, rt, 'comments.delete', ({ params, user }) => {
    const c = getComment(rt, params.account_id!, params.comment_id!);
    deleteComment(rt, c, user.id);
    return undefined;
  });
}

import type { SandboxRuntime } from '../http/runtime.ts';
import type { CommentRec } from '../state/state-types.ts';
import { presentUser } from './presenters.ts';
import { framestampToTimecode, timecodeBasis } from './timecode.ts';

/**
 * `timestamp_as_timecode=true` turns framestamps into timecode at the file's own rate; a file
 * whose rate is unknown keeps the integer (both are valid `TimeStamp`s, and nothing is guessed).
 */
export function presentComment(
  rt: SandboxRuntime,
  c: CommentRec,
  asTimecode: boolean,
): Record<string, unknown> {
  const file = rt.store.state.assets[c.file_id];
  const basis = asTimecode && file?.type === 'file' ? timecodeBasis(file) : null;
  const timestamp = c.timestamp !== null && basis ? framestampToTimecode(c.timestamp, basis) : c.timestamp;
  return {
    id: c.id,
    file_id: c.file_id,
    text: c.text,
    timestamp,
    duration: c.duration,
    page: c.page,
    annotation: c.annotation,
    anchor: c.anchor,
    completed_at: c.completed_at,
    completer_id: c.completer_id,
    text_edited_at: c.text_edited_at,
    created_at: c.created_at,
    updated_at: c.updated_at,
    attachments: [],
    mentions: [],
    links: c.links.map((l) => ({ ...l, text: c.text.slice(l.start_index, l.end_index) })),
    text_review_annotation: null,
  };
}

export function presentCommentWithIncludes(
  rt: SandboxRuntime,
  c: CommentRec,
  asTimecode: boolean,
  includes: Set<string>,
): Record<string, unknown> {
  const out = presentComment(rt, c, asTimecode);
  if (includes.has('owner')) out.owner = presentUser(rt.store.state.users[c.owner_id]);
  if (includes.has('replies')) {
    out.replies = Object.values(rt.store.state.comments)
      .filter((r) => r.parent_id === c.id)
      .sort((a, b) => a.seq - b.seq)
      .map((r) => presentComment(rt, r, asTimecode));
  }
  return out;
}

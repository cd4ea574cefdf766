import type { SandboxRuntime } from '../http/runtime.ts';
import type { CommentRec } from '../state/state-types.ts';
import { presentUser } from './presenters.ts';
import { framesToTimecode } from './timecode.ts';

export function presentComment(
  rt: SandboxRuntime,
  c: CommentRec,
  asTimecode: boolean,
): Record<string, unknown> {
  const file = rt.store.state.assets[c.file_id];
  const fps = file?.type === 'file' ? file.fps : { num: 24, den: 1 };
  const timestamp =
    c.timestamp === null ? null : asTimecode ? framesToTimecode(c.timestamp, fps) : c.timestamp;
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

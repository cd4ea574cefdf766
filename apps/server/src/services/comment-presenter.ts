import type { Drawing } from '@preroll/contracts/drawings';
import { framesToSeconds, framesToTimecode } from '@preroll/timecode';
import type { CommentRow } from '../repositories/comment.repository.ts';
import type { VersionTiming } from './version-timing.ts';

/** Who is looking: clients see team members as "Production team" unless the org allows names. */
export interface CommentViewer {
  kind: 'member' | 'portal';
  showTeamNames: boolean;
}

export const TEAM_ALIAS = 'Production team';

export interface PresentedComment {
  id: string;
  version_id: string;
  parent_id: string | null;
  author: { type: CommentRow['author_type']; id: string | null; name: string };
  body: string | null;
  visibility: CommentRow['visibility'];
  source: CommentRow['source'];
  frame: number | null;
  duration_frames: number | null;
  /** Seconds from the start of the media, from the integer frame at the exact rate. */
  timestamp: number | null;
  /** SMPTE with the media's start timecode, `;` for drop-frame. */
  timecode: string | null;
  /** Done (complete / reopen): a top-level comment's state; replies follow their thread. */
  completed: boolean;
  completed_at: string | null;
  /** Who marked it done, named as the viewer may see them (clients may see "Production team"). */
  completed_by: { type: CommentRow['author_type']; id: string | null; name: string } | null;
  /** Shapes on the comment's frame (packages/contracts drawings.ts), or null. */
  drawing: Drawing | null;
  created_at: string;
  edited_at: string | null;
  deleted: boolean;
  /** The note this one was carried from (carry-forward): its id, on an earlier version. */
  carried_from: string | null;
  /** Where that note is, for the "carried from v1 at TC" link (null when it is gone). */
  carried_origin: CarriedOrigin | null;
  replies: PresentedComment[];
}

export interface CarriedOrigin {
  comment_id: string;
  version_id: string;
  version_number: number;
  frame: number | null;
  timecode: string | null;
}

export function presentComment(
  row: CommentRow,
  timing: VersionTiming | null,
  viewer: CommentViewer,
): PresentedComment {
  const deleted = row.deleted_at !== null;
  const positioned = timing !== null && row.frame !== null;
  return {
    id: row.id,
    version_id: row.version_id,
    parent_id: row.parent_id,
    author: authorOf(row, viewer),
    // Stored and returned verbatim: the UI renders it as text, never as HTML.
    body: deleted ? null : row.body,
    visibility: row.visibility,
    source: row.source,
    frame: row.frame,
    duration_frames: row.duration_frames,
    timestamp: positioned ? framesToSeconds(row.frame!, timing.rate) : null,
    timecode: positioned
      ? framesToTimecode(row.frame!, timing.rate, {
          startFrame: timing.startFrame,
          dropFrame: timing.dropFrame,
        })
      : null,
    completed: row.completed_at !== null,
    completed_at: row.completed_at,
    completed_by: completerOf(row, viewer),
    drawing: deleted || row.drawing_json === null ? null : (JSON.parse(row.drawing_json) as Drawing),
    created_at: row.created_at,
    edited_at: row.edited_at,
    deleted,
    carried_from: row.carried_from,
    carried_origin: null,
    replies: [],
  };
}

/** An author's name as the viewer may see it (the rule authorOf applies, for slim rows). */
export function visibleAuthorName(
  row: Pick<CommentRow, 'author_type' | 'author_name'>,
  viewer: CommentViewer,
): string {
  if (row.author_type === 'portal_user') return row.author_name;
  return viewer.kind === 'portal' && !viewer.showTeamNames ? TEAM_ALIAS : row.author_name;
}

function authorOf(row: CommentRow, viewer: CommentViewer): PresentedComment['author'] {
  if (row.author_type === 'portal_user') {
    return { type: 'portal_user', id: row.author_portal_user_id, name: row.author_name };
  }
  // Team members and external (Frame.io) reviewers may be the studio's people: clients see an
  // alias and no id unless the organization opted in.
  if (viewer.kind === 'portal' && !viewer.showTeamNames)
    return { type: row.author_type, id: null, name: TEAM_ALIAS };
  return {
    type: row.author_type,
    id: row.author_type === 'user' ? row.author_user_id : null,
    name: row.author_name,
  };
}

function completerOf(row: CommentRow, viewer: CommentViewer): PresentedComment['completed_by'] {
  if (row.completed_at === null || row.completed_by_type === null) return null;
  const type = row.completed_by_type;
  if (type === 'portal_user') return { type, id: row.completed_by_id, name: row.completed_by_name ?? '' };
  // The same rule as authors: clients see the team (and Frame.io reviewers) as an alias.
  if (viewer.kind === 'portal' && !viewer.showTeamNames) return { type, id: null, name: TEAM_ALIAS };
  return { type, id: type === 'user' ? row.completed_by_id : null, name: row.completed_by_name ?? '' };
}

/**
 * Threads in timeline order: by frame, then by creation; general comments (no frame) last.
 * A deleted top-level comment stays as a tombstone while it has live replies, else disappears;
 * deleted replies disappear.
 */
export function buildThreads(
  rows: CommentRow[],
  timing: VersionTiming | null,
  viewer: CommentViewer,
): PresentedComment[] {
  const replies = new Map<string, CommentRow[]>();
  const tops: CommentRow[] = [];
  for (const row of rows) {
    if (row.parent_id === null) tops.push(row);
    else if (row.deleted_at === null) {
      const list = replies.get(row.parent_id) ?? [];
      list.push(row);
      replies.set(row.parent_id, list);
    }
  }
  tops.sort(byTimeline);
  const threads: PresentedComment[] = [];
  for (const top of tops) {
    const children = (replies.get(top.id) ?? []).sort(byCreation);
    if (top.deleted_at !== null && children.length === 0) continue;
    const thread = presentComment(top, timing, viewer);
    thread.replies = children.map((c) => presentComment(c, timing, viewer));
    threads.push(thread);
  }
  return threads;
}

function byCreation(a: CommentRow, b: CommentRow): number {
  return a.created_at < b.created_at
    ? -1
    : a.created_at > b.created_at
      ? 1
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0;
}

function byTimeline(a: CommentRow, b: CommentRow): number {
  if (a.frame === b.frame) return byCreation(a, b);
  if (a.frame === null) return 1;
  if (b.frame === null) return -1;
  return a.frame - b.frame;
}

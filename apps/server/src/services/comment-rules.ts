import type { CreateCommentBody } from '@preroll/contracts/comments';
import { timecodeToFrames } from '@preroll/timecode';
import type { Actor } from '../lib/actor.ts';
import { badRequest, unprocessable } from '../lib/errors.ts';
import type { CommentRow } from '../repositories/comment.repository.ts';
import type { VersionTiming } from './version-timing.ts';

// The rules CommentService applies to positions, ranges, authorship and completion, kept apart
// from its transactions so each reads in one place.

export type CompletionFields = Pick<
  CommentRow,
  'completed_at' | 'completed_by_type' | 'completed_by_id' | 'completed_by_name'
>;

export const OPEN: CompletionFields = {
  completed_at: null,
  completed_by_type: null,
  completed_by_id: null,
  completed_by_name: null,
};

/**
 * The completion columns after `completed` is asked for. Marking a done comment done again keeps
 * who and when it was first done (a second click, or a Frame.io echo, must not rewrite history).
 */
export function completionOf(
  current: CompletionFields,
  completed: boolean,
  actor: Actor,
  nowIso: string,
): CompletionFields {
  if (!completed) return OPEN;
  if (current.completed_at !== null) return current;
  return {
    completed_at: nowIso,
    completed_by_type: actor.kind === 'member' ? 'user' : 'portal_user',
    completed_by_id: actor.kind === 'member' ? actor.userId : actor.portalUserId,
    completed_by_name: actor.name,
  };
}

/** Only a thread is done or open: its replies follow it. */
export function replyCannotComplete() {
  return unprocessable(
    'reply_cannot_be_completed',
    'Only a top-level comment is marked done or reopened; mark its thread instead',
    { field: 'completed' },
  );
}

/** A drawing is on a frame: a general comment has none. */
export function drawingNeedsFrame() {
  return unprocessable(
    'drawing_needs_frame',
    'A drawing is made on a frame; place the comment on a frame first',
    { field: 'drawing' },
  );
}

export function authoredBy(c: CommentRow, actor: Actor): boolean {
  return actor.kind === 'member'
    ? c.author_type === 'user' && c.author_user_id === actor.userId
    : c.author_type === 'portal_user' && c.author_portal_user_id === actor.portalUserId;
}

export function noRate() {
  return unprocessable(
    'version_has_no_frame_rate',
    'This version has no known frame rate, so comments cannot be placed on a frame',
  );
}

/** The frame from `frame` or from a timecode read at the version's rate and start timecode. */
export function positionOf(input: CreateCommentBody, timing: VersionTiming | null): number | null {
  if (input.frame === undefined && input.timecode === undefined) return null;
  if (!timing) throw noRate();
  if (input.frame !== undefined) return input.frame;
  try {
    return timecodeToFrames(input.timecode!, timing.rate, {
      dropFrame: timing.dropFrame,
      startFrame: timing.startFrame,
    });
  } catch (err) {
    throw badRequest('invalid_timecode', `timecode: ${(err as Error).message}`, { field: 'timecode' });
  }
}

export function checkRange(
  frame: number | null,
  durationFrames: number | null,
  timing: VersionTiming | null,
): void {
  if (frame === null || !timing || timing.durationFrames === null) return;
  const end = frame + (durationFrames ?? 1);
  if (frame >= timing.durationFrames || end > timing.durationFrames) {
    throw unprocessable(
      'frame_out_of_range',
      `The version has ${timing.durationFrames} frames (0–${timing.durationFrames - 1})`,
      {
        frame,
        duration_frames: durationFrames,
        version_duration_frames: timing.durationFrames,
      },
    );
  }
}

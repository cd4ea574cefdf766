import { z } from 'zod';
import { id, plainString, text } from './common.ts';
import { drawingField } from './drawings.ts';
import { COMMENT_BODY_MAX } from './limits.ts';

export const commentVisibility = z.enum(['internal', 'client']);

/** SMPTE "HH:MM:SS:FF", or "HH:MM:SS;FF" for drop-frame; read at the version's rate and start timecode. */
const timecode = plainString()
  .trim()
  .regex(/^\d{2}:\d{2}:\d{2}[:;]\d{2,3}$/, 'must be HH:MM:SS:FF (or ;FF for drop-frame)');

/** Comment text is kept verbatim (never trimmed, escaped or interpreted); it must not be blank. */
const body = plainString()
  .max(COMMENT_BODY_MAX)
  .refine((s) => s.trim().length > 0, 'must not be empty');

export const createCommentBody = z
  .strictObject({
    body,
    frame: z.number().int().min(0).optional(),
    timecode: timecode.optional(),
    duration_frames: z.number().int().min(1).optional(),
    visibility: commentVisibility.optional(),
    parent_id: id.optional(),
    /** Post it already done (an imported or dictated note that is settled); top-level only. */
    completed: z.boolean().optional(),
    /** Shapes drawn on the comment's frame (drawings.ts); needs a frame. */
    drawing: drawingField.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.frame !== undefined && value.timecode !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['timecode'],
        message: 'give either frame or timecode, not both',
      });
    }
    if (value.duration_frames !== undefined && value.frame === undefined && value.timecode === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['duration_frames'],
        message: 'needs a frame (or timecode) to start from',
      });
    }
  });
export type CreateCommentBody = z.infer<typeof createCommentBody>;

export const updateCommentBody = z
  .strictObject({
    body: body.optional(),
    visibility: commentVisibility.optional(),
    frame: z.number().int().min(0).nullable().optional(),
    /** The range's length from `frame` (in/out); null makes it a single-frame comment again. */
    duration_frames: z.number().int().min(1).nullable().optional(),
    /** Mark a top-level comment done (true) or reopen it (false). */
    completed: z.boolean().optional(),
    /** Replace the drawing, or null to remove it. */
    drawing: drawingField.nullable().optional(),
  })
  .refine(
    (v) =>
      v.body !== undefined ||
      v.visibility !== undefined ||
      v.frame !== undefined ||
      v.duration_frames !== undefined ||
      v.completed !== undefined ||
      v.drawing !== undefined,
    { message: 'nothing to change: send body, visibility, frame, duration_frames, completed or drawing' },
  )
  .superRefine((value, ctx) => {
    if (value.frame === null && typeof value.duration_frames === 'number') {
      ctx.addIssue({
        code: 'custom',
        path: ['duration_frames'],
        message: 'a general comment (frame null) has no range',
      });
    }
  });
export type UpdateCommentBody = z.infer<typeof updateCommentBody>;

/** Which threads a list returns: open ones, done ones, or all (the default). */
export const commentStatusFilter = z.enum(['open', 'done', 'all']);
export type CommentStatusFilter = z.infer<typeof commentStatusFilter>;
/**
 * Without `limit` the list is every thread at once (next_cursor null); with it, a page of that
 * many threads in the same order, and `cursor` (the previous page's next_cursor) resumes.
 */
export const listCommentsQuery = z.strictObject({
  status: commentStatusFilter.default('all'),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: text(200).optional(),
});

export const commentParams = z.strictObject({ id });
export const versionCommentsParams = z.strictObject({ id });

export { MARKER_FLAGS } from './marker-flags.ts';

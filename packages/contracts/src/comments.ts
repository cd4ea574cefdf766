import { z } from 'zod';
import { id, plainString } from './common.ts';

export const commentVisibility = z.enum(['internal', 'client']);

/** SMPTE "HH:MM:SS:FF", or "HH:MM:SS;FF" for drop-frame; read at the version's rate and start timecode. */
const timecode = plainString()
  .trim()
  .regex(/^\d{2}:\d{2}:\d{2}[:;]\d{2,3}$/, 'must be HH:MM:SS:FF (or ;FF for drop-frame)');

/** Comment text is kept verbatim (never trimmed, escaped or interpreted); it must not be blank. */
const body = plainString()
  .max(10_000)
  .refine((s) => s.trim().length > 0, 'must not be empty');

export const createCommentBody = z
  .strictObject({
    body,
    frame: z.number().int().min(0).optional(),
    timecode: timecode.optional(),
    duration_frames: z.number().int().min(1).optional(),
    visibility: commentVisibility.optional(),
    parent_id: id.optional(),
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
  })
  .refine((v) => v.body !== undefined || v.visibility !== undefined || v.frame !== undefined, {
    message: 'nothing to change: send body, visibility or frame',
  });
export type UpdateCommentBody = z.infer<typeof updateCommentBody>;

export const commentParams = z.strictObject({ id });
export const versionCommentsParams = z.strictObject({ id });

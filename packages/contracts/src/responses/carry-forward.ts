import { z } from 'zod';

const label = z.enum(['moved', 'same', 'needs_check', 'removed']);
const position = z.object({ frame: z.number().int(), timecode: z.string() });
const versionRef = z.object({ id: z.uuid(), number: z.number().int() });

/** `CarryForwardResult` (docs/editors.md, "Carrying notes to the next version"). */
const carryForwardFields = {
  version: versionRef,
  from_version: versionRef,
  job: z.object({
    state: z.enum(['queued', 'running', 'done', 'failed']),
    progress: z.number(),
    error: z.string().nullable(),
  }),
  counts: z.record(label, z.number().int()),
  proposals: z.array(
    z.object({
      id: z.uuid(),
      comment_id: z.uuid(),
      body: z.string(),
      author_name: z.string(),
      visibility: z.enum(['internal', 'client']),
      label,
      method: z.enum(['audio', 'picture']).nullable(),
      confidence: z.number(),
      from: position,
      to: position.nullable(),
      offset_frames: z.number().int().nullable(),
      applied_comment_id: z.uuid().nullable(),
    }),
  ),
};

export const carryForwardView = z.object(carryForwardFields);
export const carryApplyView = z.object({ ...carryForwardFields, created: z.number().int() });

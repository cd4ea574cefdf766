import { z } from 'zod';
import { plainString } from './common.ts';
import { DRAWING_COLOURS } from './drawing-colours.ts';

export { DRAWING_COLOURS, type DrawingColour } from './drawing-colours.ts';

/**
 * A drawing on a comment's frame: vector shapes in normalised picture coordinates (0..1 across
 * and down, so it fits any proxy size), drawn in order. Validated strictly: unknown fields, a
 * coordinate outside the picture or a shape type preroll cannot draw are refused.
 */
/** The largest drawing accepted, as stored JSON (characters). */
export const DRAWING_MAX_CHARS = 100_000;
export const DRAWING_MAX_SHAPES = 200;
export const DRAWING_MAX_POINTS = 5_000;

const unit = z.number().finite().min(0).max(1);
const point = z.tuple([unit, unit]);
const colour = z.enum(DRAWING_COLOURS);
/** Stroke width as a share of the picture's width. */
const strokeWidth = z.number().finite().min(0.001).max(0.05);
const box = { x: unit, y: unit, w: unit, h: unit };

const shape = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('pen'),
    colour,
    width: strokeWidth,
    points: z.array(point).min(2).max(2_000),
  }),
  z.strictObject({ type: z.literal('arrow'), colour, width: strokeWidth, from: point, to: point }),
  z.strictObject({ type: z.literal('rect'), colour, width: strokeWidth, ...box }),
  z.strictObject({ type: z.literal('ellipse'), colour, width: strokeWidth, ...box }),
  z.strictObject({
    type: z.literal('text'),
    colour,
    at: point,
    /** Text height as a share of the picture's height. */
    size: z.number().finite().min(0.01).max(0.2),
    text: plainString()
      .min(1)
      .max(200)
      .refine((s) => s.trim().length > 0, 'must not be blank'),
  }),
]);
export type DrawingShape = z.infer<typeof shape>;

export const drawing = z
  .strictObject({
    version: z.literal(1),
    shapes: z.array(shape).min(1).max(DRAWING_MAX_SHAPES),
  })
  .superRefine((d, ctx) => {
    for (const [i, s] of d.shapes.entries()) {
      if ((s.type === 'rect' || s.type === 'ellipse') && (s.x + s.w > 1 || s.y + s.h > 1)) {
        ctx.addIssue({ code: 'custom', path: ['shapes', i], message: 'the box reaches outside the picture' });
      }
    }
    const points = d.shapes.reduce((n, s) => n + (s.type === 'pen' ? s.points.length : 2), 0);
    if (points > DRAWING_MAX_POINTS) {
      ctx.addIssue({ code: 'custom', path: ['shapes'], message: `more than ${DRAWING_MAX_POINTS} points` });
    }
  });
export type Drawing = z.infer<typeof drawing>;

/**
 * A drawing as a request field: every problem inside it is one stable code, `invalid_drawing`
 * (the message says where: `shapes.2.points.0: …`), and one over the size limit is
 * `drawing_too_large`, checked first so a huge body costs no deep validation.
 */
export const drawingField = z.unknown().transform((value, ctx): Drawing => {
  if (JSON.stringify(value ?? null).length > DRAWING_MAX_CHARS) {
    ctx.addIssue({
      code: 'custom',
      message: `the drawing is over ${DRAWING_MAX_CHARS} characters of JSON; draw fewer or simpler shapes`,
      params: { code: 'drawing_too_large' },
    });
    return z.NEVER;
  }
  const parsed = drawing.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const where = first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    ctx.addIssue({
      code: 'custom',
      message: `${where}${first.message}`,
      params: { code: 'invalid_drawing' },
    });
    return z.NEVER;
  }
  return parsed.data;
});

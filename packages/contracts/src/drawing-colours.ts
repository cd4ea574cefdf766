/**
 * The colours a drawing may use. Kept apart from the zod schemas (drawings.ts) so the web app can
 * import them without bundling zod, whose compiled validators need `eval` the CSP forbids.
 */
export const DRAWING_COLOURS = ['#ff3b30', '#ffcc00', '#34c759', '#0a84ff', '#ffffff'] as const;
export type DrawingColour = (typeof DRAWING_COLOURS)[number];

/**
 * The bits of a timeline marker row's `flags` (GET /versions/{id}/timeline-markers). Kept apart
 * from the zod schemas so the web app can import them without bundling zod (see drawing-colours.ts).
 */
export const MARKER_FLAGS = { internal: 1, done: 2, drawing: 4 } as const;

import { MARKER_FLAGS } from '@preroll/contracts/marker-flags';
import type { Comment, CommentAuthor } from '../api/types.ts';

export function commentsQueryKey(versionId: string) {
  return ['comments', versionId] as const;
}

/** Under commentsQueryKey, so everything that refreshes a version's comments refreshes these too. */
export const timelineMarkersQueryKey = (versionId: string) => ['comments', versionId, 'markers'] as const;
export const threadPagesQueryKey = (versionId: string) => ['comments', versionId, 'pages'] as const;

/** One thread on the timeline (GET /versions/{id}/timeline-markers, its compact row read out). */
export interface TimelineMarker {
  id: string;
  frame: number;
  duration_frames: number | null;
  visibility: 'internal' | 'client';
  completed: boolean;
  hasDrawing: boolean;
  author: Pick<CommentAuthor, 'type' | 'name'>;
}

export interface TimelineMarkersResponse {
  authors: Array<Pick<CommentAuthor, 'type' | 'name'>>;
  markers: Array<[string, number, number | null, number, number]>;
}

export function readMarkers(res: TimelineMarkersResponse): TimelineMarker[] {
  return res.markers.map(([id, frame, duration_frames, flags, author]) => ({
    id,
    frame,
    duration_frames,
    visibility: flags & MARKER_FLAGS.internal ? 'internal' : 'client',
    completed: (flags & MARKER_FLAGS.done) !== 0,
    hasDrawing: (flags & MARKER_FLAGS.drawing) !== 0,
    author: res.authors[author] ?? { type: 'user', name: '' },
  }));
}

/** Threads sorted by position: frame first (general comments last), then creation. */
export function sortThreads(threads: Comment[]): Comment[] {
  return [...threads].sort((a, b) => {
    const fa = a.frame ?? Number.POSITIVE_INFINITY;
    const fb = b.frame ?? Number.POSITIVE_INFINITY;
    return fa !== fb ? fa - fb : a.created_at.localeCompare(b.created_at);
  });
}

const placed = (markers: TimelineMarker[]) => markers.map((m) => m.frame);

/** `[`: the nearest commented frame before `here`, or null. */
export function commentFrameBefore(markers: TimelineMarker[], here: number): number | null {
  const before = placed(markers).filter((f) => f < here);
  return before.length > 0 ? Math.max(...before) : null;
}

/** `]`: the nearest commented frame after `here`, or null. */
export function commentFrameAfter(markers: TimelineMarker[], here: number): number | null {
  const after = placed(markers).filter((f) => f > here);
  return after.length > 0 ? Math.min(...after) : null;
}

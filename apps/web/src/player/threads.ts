import type { Comment } from '../api/types.ts';

export function commentsQueryKey(versionId: string) {
  return ['comments', versionId] as const;
}

/** Threads sorted by position: frame first (general comments last), then creation. */
export function sortThreads(threads: Comment[]): Comment[] {
  return [...threads].sort((a, b) => {
    const fa = a.frame ?? Number.POSITIVE_INFINITY;
    const fb = b.frame ?? Number.POSITIVE_INFINITY;
    return fa !== fb ? fa - fb : a.created_at.localeCompare(b.created_at);
  });
}

const placed = (threads: Comment[]) =>
  threads.filter((t) => t.frame !== null && !t.deleted).map((t) => t.frame as number);

/** `[`: the nearest commented frame before `here`, or null. */
export function commentFrameBefore(threads: Comment[], here: number): number | null {
  const before = placed(threads).filter((f) => f < here);
  return before.length > 0 ? Math.max(...before) : null;
}

/** `]`: the nearest commented frame after `here`, or null. */
export function commentFrameAfter(threads: Comment[], here: number): number | null {
  const after = placed(threads).filter((f) => f > here);
  return after.length > 0 ? Math.min(...after) : null;
}

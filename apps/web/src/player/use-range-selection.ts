import { useCallback, useState } from 'react';

/** In and out points as inclusive frames; either may be unset. */
export interface InOut {
  in: number | null;
  out: number | null;
}

/** A usable range: both points set, in ≤ out. */
export interface FrameRange {
  frame: number;
  durationFrames: number;
}

export function rangeOf(io: InOut): FrameRange | null {
  if (io.in === null || io.out === null) return null;
  const start = Math.min(io.in, io.out);
  return { frame: start, durationFrames: Math.abs(io.out - io.in) + 1 };
}

/**
 * The player's in/out points (I, O, or a drag on the timeline's range lane). Setting an in past
 * the out (or an out before the in) starts a new range there rather than making a backwards one.
 */
export function useRangeSelection() {
  const [io, setIo] = useState<InOut>({ in: null, out: null });
  const markIn = useCallback(
    (frame: number) => setIo((r) => ({ in: frame, out: r.out !== null && r.out < frame ? null : r.out })),
    [],
  );
  const markOut = useCallback(
    (frame: number) => setIo((r) => ({ in: r.in !== null && r.in > frame ? null : r.in, out: frame })),
    [],
  );
  const clear = useCallback(() => setIo({ in: null, out: null }), []);
  /** A drag from `from` to `to`, either direction. */
  const drag = useCallback(
    (from: number, to: number) => setIo({ in: Math.min(from, to), out: Math.max(from, to) }),
    [],
  );
  return { io, range: rangeOf(io), markIn, markOut, clear, drag };
}
export type RangeSelection = ReturnType<typeof useRangeSelection>;

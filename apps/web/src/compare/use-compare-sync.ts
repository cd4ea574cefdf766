import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { type FrameClock, frameAt, seekTimeOf } from '../player/frame-clock.ts';

export interface CompareSync {
  /** The frame index side A shows; side B shows `frame + offset`. */
  frame: number;
  frameB: number;
  offset: number;
  playing: boolean;
  setOffset: (offset: number) => void;
  /** Puts side A on `frame` (and B on `frame + offset`), pausing both. */
  goTo: (frame: number) => void;
  step: (by: number) => void;
  togglePlay: () => void;
}

/** How far (in B's frames) B may drift from A while both play before it is pulled back. */
const DRIFT_FRAMES = 2;

function seekIfOff(el: HTMLVideoElement | null, frame: number, clock: FrameClock): void {
  if (!el) return;
  const t = seekTimeOf(frame, clock);
  if (Math.abs(el.currentTime - t) > 1e-6) el.currentTime = t;
}

/**
 * One playhead for two <video>s. Paused, both sit on the midpoint of the same frame index (B shifted
 * by the offset), exactly as the single player does (frame-clock.ts seekTimeOf). Playing, A leads
 * and B is pulled back whenever it drifts by more than a couple of frames; pausing snaps both.
 */
export function useCompareSync(
  a: RefObject<HTMLVideoElement | null>,
  b: RefObject<HTMLVideoElement | null>,
  clockA: FrameClock,
  clockB: FrameClock,
): CompareSync {
  const [frame, setFrame] = useState(0);
  const [offset, setOffsetState] = useState(0);
  const [playing, setPlaying] = useState(false);
  const offsetRef = useRef(offset);
  offsetRef.current = offset;
  const lastFrame = clockA.durationFrames ? clockA.durationFrames - 1 : Number.POSITIVE_INFINITY;
  const clamp = useCallback((f: number) => Math.max(0, Math.min(lastFrame, Math.round(f))), [lastFrame]);
  const frameB = Math.max(0, frame + offset);

  // Paused: the picture follows the playhead, frame-exact on both sides.
  useEffect(() => {
    if (playing) return;
    seekIfOff(a.current, frame, clockA);
    seekIfOff(b.current, frameB, clockB);
  }, [playing, frame, frameB, a, b, clockA, clockB]);

  // Playing: follow A's clock and keep B within a couple of frames of A + offset.
  useEffect(() => {
    if (!playing) return;
    let raf = 0;
    const tick = () => {
      const va = a.current;
      const vb = b.current;
      if (va) {
        const fa = frameAt(va.currentTime, clockA);
        setFrame(fa);
        if (vb && !vb.seeking) {
          const want = seekTimeOf(Math.max(0, fa + offsetRef.current), clockB);
          if (Math.abs(vb.currentTime - want) > DRIFT_FRAMES / (clockB.rate.num / clockB.rate.den)) {
            vb.currentTime = want;
          }
        }
        if (va.ended || va.paused) {
          vb?.pause();
          setPlaying(false);
          return;
        }
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [playing, a, b, clockA, clockB]);

  const pauseAt = useCallback(
    (f: number) => {
      a.current?.pause();
      b.current?.pause();
      setPlaying(false);
      setFrame(clamp(f));
    },
    [a, b, clamp],
  );

  const togglePlay = useCallback(() => {
    const va = a.current;
    const vb = b.current;
    if (!va) return;
    if (playing) {
      pauseAt(frameAt(va.currentTime, clockA));
      return;
    }
    void va.play().catch(() => setPlaying(false));
    if (vb) void vb.play().catch(() => undefined);
    setPlaying(true);
  }, [a, b, playing, pauseAt, clockA]);

  const step = useCallback(
    (by: number) => {
      const from = playing && a.current ? frameAt(a.current.currentTime, clockA) : frame;
      pauseAt(from + by);
    },
    [playing, a, clockA, frame, pauseAt],
  );

  const setOffset = useCallback((o: number) => setOffsetState(Number.isFinite(o) ? Math.round(o) : 0), []);

  return { frame, frameB, offset, playing, setOffset, goTo: pauseAt, step, togglePlay };
}

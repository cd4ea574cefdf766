import { type RefObject, useCallback, useEffect, useRef } from 'react';
import type { FrameClock } from './frame-clock.ts';

/** L and J pressed again: 1×, 2×, 4× (as in editing apps). */
export function nextShuttleSpeed(speed: number): number {
  return speed < 1 ? 1 : speed < 2 ? 2 : 4;
}

interface Reverse {
  speed: number;
  fromFrame: number;
  startedMs: number;
  handle: number;
}

/**
 * J / K / L. Forward is the media element playing at 1×, 2×, 4×. Backward: Chromium and Firefox
 * refuse a negative playbackRate, so the player stays paused and steps back in time with the
 * clock, one seek at a time (a seek still in flight is not stacked: the next one goes where the
 * clock says by then). K stops both.
 */
export function useShuttle({
  mediaRef,
  clock,
  currentFrame,
  seekToFrame,
  setSpeed,
  onError,
}: {
  mediaRef: RefObject<HTMLMediaElement | null>;
  clock: FrameClock;
  currentFrame: () => number;
  seekToFrame: (frame: number) => void;
  setSpeed: (speed: number) => void;
  onError: (message: string) => void;
}) {
  const reverse = useRef<Reverse | null>(null);
  const fps = clock.rate.num / clock.rate.den;

  const stopReverse = useCallback(() => {
    if (reverse.current) cancelAnimationFrame(reverse.current.handle);
    reverse.current = null;
  }, []);
  useEffect(() => stopReverse, [stopReverse]);

  const runReverse = useCallback(() => {
    const r = reverse.current;
    const el = mediaRef.current;
    if (!r || !el) return;
    const target = r.fromFrame - Math.floor(((performance.now() - r.startedMs) / 1000) * fps * r.speed);
    if (target <= 0) {
      seekToFrame(0);
      stopReverse();
      return;
    }
    if (!el.seeking) seekToFrame(target);
    r.handle = requestAnimationFrame(runReverse);
  }, [fps, mediaRef, seekToFrame, stopReverse]);

  const forward = useCallback(() => {
    const el = mediaRef.current;
    if (!el) return;
    const wasReversing = reverse.current !== null;
    stopReverse();
    const speed = el.paused || wasReversing ? 1 : nextShuttleSpeed(el.playbackRate);
    setSpeed(speed);
    el.playbackRate = speed;
    if (el.paused) void el.play().catch((e: unknown) => onError(String(e)));
  }, [mediaRef, onError, setSpeed, stopReverse]);

  const backward = useCallback(() => {
    const el = mediaRef.current;
    if (!el) return;
    const speed = reverse.current ? nextShuttleSpeed(reverse.current.speed) : 1;
    stopReverse();
    if (!el.paused) el.pause();
    reverse.current = { speed, fromFrame: currentFrame(), startedMs: performance.now(), handle: 0 };
    setSpeed(-speed);
    reverse.current.handle = requestAnimationFrame(runReverse);
  }, [currentFrame, mediaRef, runReverse, setSpeed, stopReverse]);

  const stop = useCallback(() => {
    const wasReversing = reverse.current !== null;
    stopReverse();
    if (wasReversing) setSpeed(1);
    mediaRef.current?.pause();
  }, [mediaRef, setSpeed, stopReverse]);

  return { forward, backward, stop, stopReverse, isReversing: () => reverse.current !== null };
}

import { type MutableRefObject, useEffect } from 'react';
import type { FrameClock } from './frame-clock.ts';

type VideoWithFrameCallback = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: { mediaTime: number }) => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

/**
 * While playing, follow the picture: requestVideoFrameCallback reports the presentation time of
 * each composited frame (exact); requestAnimationFrame is the fallback for audio. A step or seek in
 * flight (`pendingFrame`) owns the readout until it lands.
 */
export function useFollowPicture({
  mediaRef,
  playing,
  clock,
  pendingFrame,
  onScreen,
  readFrame,
  setFrame,
  loopBack,
}: {
  mediaRef: MutableRefObject<HTMLVideoElement | null>;
  playing: boolean;
  clock: FrameClock;
  pendingFrame: MutableRefObject<number | null>;
  onScreen: (seconds: number) => number;
  readFrame: () => void;
  setFrame: (frame: number) => void;
  /** Loop in → out: called with each frame shown while playing. */
  loopBack: MutableRefObject<(frame: number) => void>;
}): void {
  useEffect(() => {
    const el = mediaRef.current as VideoWithFrameCallback | null;
    if (!el || !playing) return;
    let cancelled = false;
    let handle = 0;
    if (el.requestVideoFrameCallback && clock.audio === false) {
      const onFrame = (_now: number, meta: { mediaTime: number }) => {
        if (cancelled) return;
        if (pendingFrame.current === null) {
          const f = onScreen(meta.mediaTime);
          setFrame(f);
          loopBack.current(f);
        }
        handle = el.requestVideoFrameCallback!(onFrame);
      };
      handle = el.requestVideoFrameCallback(onFrame);
      return () => {
        cancelled = true;
        el.cancelVideoFrameCallback?.(handle);
      };
    }
    const tick = () => {
      if (cancelled) return;
      readFrame();
      if (pendingFrame.current === null) loopBack.current(onScreen(el.currentTime));
      handle = requestAnimationFrame(tick);
    };
    handle = requestAnimationFrame(tick);
    return () => {
      cancelled = true;
      cancelAnimationFrame(handle);
    };
  }, [playing, clock, readFrame, onScreen, mediaRef, pendingFrame, setFrame, loopBack]);
}

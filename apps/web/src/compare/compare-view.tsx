import { useEffect, useMemo, useRef, useState } from 'react';
import type { Version } from '../api/types.ts';
import { type FrameClock, frameClockOf } from '../player/frame-clock.ts';
import { CompareSideInfo, CompareVideo } from './compare-side.tsx';
import { useCompareSync } from './use-compare-sync.ts';

type Mode = 'side' | 'wipe';

/** Keys typed into a field belong to the field, not to the playhead. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button'].includes(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** Two versions, one playhead: side by side or wiped over each other, with B shifted by an offset. */
export function CompareView({ a, b }: { a: Version; b: Version }) {
  const refA = useRef<HTMLVideoElement>(null);
  const refB = useRef<HTMLVideoElement>(null);
  const clockA = useMemo<FrameClock>(() => frameClockOf(a), [a]);
  const clockB = useMemo<FrameClock>(() => frameClockOf(b), [b]);
  const sync = useCompareSync(refA, refB, clockA, clockB);
  const [mode, setMode] = useState<Mode>('side');
  const [wipe, setWipe] = useState(50);
  const [audio, setAudio] = useState<'a' | 'b'>('b');

  const { step, togglePlay } = sync;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
        e.preventDefault();
        step((e.key === 'ArrowLeft' ? -1 : 1) * (e.shiftKey ? 10 : 1));
      } else if (e.key === ' ') {
        e.preventDefault();
        togglePlay();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step, togglePlay]);

  return (
    <div className="compare" data-mode={mode}>
      <div className="compare__toolbar" role="toolbar" aria-label="Compare controls">
        <button type="button" className="btn btn--small" onClick={() => step(-1)} aria-label="Previous frame">
          ◀︎ Frame
        </button>
        <button type="button" className="btn btn--small btn--primary" onClick={togglePlay}>
          {sync.playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" className="btn btn--small" onClick={() => step(1)} aria-label="Next frame">
          Frame ▶︎
        </button>
        <fieldset className="compare__group">
          <legend className="sr-only">View</legend>
          {(['side', 'wipe'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="compare-mode" checked={mode === m} onChange={() => setMode(m)} />{' '}
              {m === 'side' ? 'Side by side' : 'Wipe'}
            </label>
          ))}
        </fieldset>
        <label>
          B offset (frames){' '}
          <input
            type="number"
            step={1}
            value={sync.offset}
            onChange={(e) => sync.setOffset(Number(e.target.value))}
            className="compare__offset"
            aria-label="Offset of B in frames"
          />
        </label>
        <fieldset className="compare__group">
          <legend className="sr-only">Audio</legend>
          {(['a', 'b'] as const).map((s) => (
            <label key={s}>
              <input type="radio" name="compare-audio" checked={audio === s} onChange={() => setAudio(s)} />{' '}
              Audio {s.toUpperCase()}
            </label>
          ))}
        </fieldset>
        {mode === 'wipe' ? (
          <label>
            Wipe{' '}
            <input
              type="range"
              min={0}
              max={100}
              value={wipe}
              onChange={(e) => setWipe(Number(e.target.value))}
              aria-label="Wipe position"
            />
          </label>
        ) : null}
      </div>
      <div
        className={
          mode === 'side' ? 'compare__stage compare__stage--side' : 'compare__stage compare__stage--wipe'
        }
      >
        <CompareVideo side="a" version={a} videoRef={refA} muted={audio !== 'a'} />
        {/* In wipe mode B lies over A and is cut away left of the wipe line: A left, B right. */}
        <CompareVideo
          side="b"
          version={b}
          videoRef={refB}
          muted={audio !== 'b'}
          className={mode === 'wipe' ? 'compare__video compare__video--over' : 'compare__video'}
          style={mode === 'wipe' ? { clipPath: `inset(0 0 0 ${wipe}%)` } : undefined}
        />
        {mode === 'wipe' ? (
          <div className="compare__wipe-line" style={{ left: `${wipe}%` }} aria-hidden />
        ) : null}
      </div>
      <div className="compare__sides">
        <CompareSideInfo
          side="a"
          version={a}
          clock={clockA}
          frame={sync.frame}
          onSeek={(f) => sync.goTo(f)}
        />
        <CompareSideInfo
          side="b"
          version={b}
          clock={clockB}
          frame={sync.frameB}
          onSeek={(f) => sync.goTo(f - sync.offset)}
        />
      </div>
    </div>
  );
}

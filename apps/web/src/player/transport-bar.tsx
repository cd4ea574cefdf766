import type { ReactNode } from 'react';
import { Icon } from '../components/icons.tsx';
import { type FrameClock, formatPosition, type PositionMode } from './frame-clock.ts';
import type { PlayerActions } from './use-player-shortcuts.ts';

/** The player's controls under the timeline; every button also has a keyboard shortcut. */
export function TransportBar({
  frame,
  lastFrame,
  clock,
  mode,
  onToggleMode,
  playing,
  muted,
  speed,
  rateLabel,
  size,
  actions,
  looping,
  goTo,
}: {
  frame: number;
  lastFrame: number;
  clock: FrameClock;
  mode: PositionMode;
  onToggleMode: () => void;
  playing: boolean;
  muted: boolean;
  speed: number;
  rateLabel: string | null;
  size: string | null;
  actions: PlayerActions;
  looping: boolean;
  /** The go-to-timecode box while it is open (G). */
  goTo: ReactNode;
}) {
  return (
    <>
      <div className="transport" role="toolbar" aria-label="Player controls">
        <button
          type="button"
          className="btn btn--icon"
          onClick={actions.stepBack}
          aria-label="Previous frame"
          title="Previous frame (← or ,)"
        >
          <Icon name="prev-frame" />
        </button>
        <button
          type="button"
          className="btn btn--icon btn--play"
          onClick={actions.togglePlay}
          aria-label={playing ? 'Pause' : 'Play'}
          title="Play/pause (Space)"
        >
          <Icon name={playing ? 'pause' : 'play'} />
        </button>
        <button
          type="button"
          className="btn btn--icon"
          onClick={actions.stepForward}
          aria-label="Next frame"
          title="Next frame (→ or .)"
        >
          <Icon name="next-frame" />
        </button>
        <output
          className="transport__position"
          aria-label="Current position"
          data-frame={frame}
          data-testid="current-position"
        >
          {formatPosition(frame, clock, mode)}
        </output>
        <span className="transport__total muted">/ {formatPosition(lastFrame, clock, mode)}</span>
        {goTo ?? (
          <button
            type="button"
            className="btn btn--small btn--ghost"
            onClick={actions.goToTimecode}
            title="Go to a timecode or frame (G)"
          >
            Go to…
          </button>
        )}
        <button
          type="button"
          className="btn btn--small btn--ghost"
          aria-pressed={mode === 'frames'}
          onClick={onToggleMode}
          title="Toggle frames / timecode"
        >
          {mode === 'frames' ? 'Frames' : 'Timecode'}
        </button>
        <span className="transport__spacer" />
        <span className="muted small">
          {clock.audio ? 'Audio · ms' : rateLabel ? `${rateLabel} fps` : ''}
          {clock.dropFrame ? ' DF' : ''}
          {size ? ` · ${size}` : ''}
        </span>
        <button
          type="button"
          className="btn btn--small btn--ghost"
          onClick={actions.slower}
          aria-label="Slower"
          title="Slower (−)"
        >
          −
        </button>
        <output className="transport__speed" aria-label="Playback speed">
          {speed}×
        </output>
        <button
          type="button"
          className="btn btn--small btn--ghost"
          onClick={actions.faster}
          aria-label="Faster"
          title="Faster (+)"
        >
          +
        </button>
        <button
          type="button"
          className="btn btn--small btn--ghost"
          onClick={actions.toggleLoop}
          aria-pressed={looping}
          title="Loop in → out (P)"
        >
          Loop
        </button>
        <button
          type="button"
          className="btn btn--icon"
          onClick={actions.toggleMute}
          aria-label={muted ? 'Unmute' : 'Mute'}
          aria-pressed={muted}
          title="Mute (M)"
        >
          <Icon name={muted ? 'muted' : 'volume'} />
        </button>
        <button
          type="button"
          className="btn btn--icon"
          onClick={actions.toggleFullscreen}
          aria-label="Fullscreen"
          title="Fullscreen (F)"
        >
          <Icon name="fullscreen" />
        </button>
      </div>
      <p className="shortcuts muted small">
        <kbd>Space</kbd> play · <kbd>J</kbd>/<kbd>K</kbd>/<kbd>L</kbd> shuttle · <kbd>←</kbd>/<kbd>→</kbd>{' '}
        frame (<kbd>Shift</kbd> 10) · <kbd>I</kbd>/<kbd>O</kbd> in/out · <kbd>[</kbd>/<kbd>]</kbd> comments ·{' '}
        <kbd>C</kbd> comment · <kbd>?</kbd> all keys
      </p>
    </>
  );
}

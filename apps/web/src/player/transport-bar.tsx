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
}) {
  return (
    <>
      <div className="transport" role="toolbar" aria-label="Player controls">
        <button
          type="button"
          className="btn btn--icon"
          onClick={() => actions.step(-1)}
          aria-label="Previous frame"
          title="Previous frame (,)"
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
          onClick={() => actions.step(1)}
          aria-label="Next frame"
          title="Next frame (.)"
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
          title="Slower ([)"
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
          title="Faster (])"
        >
          +
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
        <kbd>Space</kbd> play · <kbd>←</kbd>/<kbd>→</kbd> 5 s · <kbd>Shift</kbd>+<kbd>←</kbd>/<kbd>→</kbd> 15
        s · <kbd>,</kbd>/<kbd>.</kbd> frame · <kbd>[</kbd>/<kbd>]</kbd> speed · <kbd>M</kbd> mute ·{' '}
        <kbd>F</kbd> fullscreen · <kbd>C</kbd> comment · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> post
      </p>
    </>
  );
}

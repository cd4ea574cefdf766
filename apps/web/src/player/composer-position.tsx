import { type FrameClock, formatPosition, formatSpan, type PositionMode } from './frame-clock.ts';
import type { FrameRange } from './use-range-selection.ts';
import './composer.css';

/**
 * Where a new comment goes, as an explicit choice: "General" (no position) or "At frame …".
 * Focusing the box does not pick for the person; C, drawing, or this choice does. Native radios
 * keep it on the keyboard: Tab reaches the group, arrows move between the two.
 */
export function ComposerPosition(props: {
  pinned: FrameRange | null;
  /** The frame (or in/out range) "At frame" takes when chosen. */
  here: FrameRange;
  clock: FrameClock;
  mode: PositionMode;
  drawingShapes: number;
  onChange: (pinned: FrameRange | null) => void;
}) {
  const { pinned, here, clock, mode } = props;
  const shown = pinned ?? here;
  const noun = clock.audio ? 'At' : shown.durationFrames > 1 ? 'At frames' : 'At frame';
  return (
    <fieldset className="composer-position">
      <legend className="sr-only">Comment position</legend>
      <label className={`composer-position__option${pinned === null ? ' is-on' : ''}`}>
        <input
          type="radio"
          name="comment-position"
          checked={pinned === null}
          onChange={() => props.onChange(null)}
        />
        General
      </label>
      <label className={`composer-position__option${pinned !== null ? ' is-on' : ''}`}>
        <input
          type="radio"
          name="comment-position"
          checked={pinned !== null}
          onChange={() => props.onChange(here)}
        />
        {noun}{' '}
        {pinned !== null ? (
          <span
            className="chip"
            data-testid="composer-frame"
            data-frame={pinned.frame}
            data-duration-frames={pinned.durationFrames}
          >
            {formatSpan(pinned.frame, pinned.durationFrames, clock, mode)}
            {pinned.durationFrames > 1 ? ` (${pinned.durationFrames} frames)` : ''}
            {props.drawingShapes > 0 ? ` · drawing (${props.drawingShapes})` : ''}
          </span>
        ) : (
          <span className="composer-position__here" data-testid="composer-here">
            {here.durationFrames > 1
              ? formatSpan(here.frame, here.durationFrames, clock, mode)
              : formatPosition(here.frame, clock, mode)}
          </span>
        )}
      </label>
    </fieldset>
  );
}

/** Who will read a new comment, said next to the Post button so it is never a surprise. */
export function AudienceBadge({ visibility }: { visibility: 'internal' | 'client' }) {
  return visibility === 'client' ? (
    <span
      className="badge badge--client"
      data-testid="composer-audience"
      title="The client sees this comment"
    >
      Client sees this
    </span>
  ) : (
    <span
      className="badge badge--internal"
      data-testid="composer-audience"
      title="Only your team sees this comment"
    >
      Team only
    </span>
  );
}

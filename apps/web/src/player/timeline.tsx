import type { Comment } from '../api/types.ts';
import { type FrameClock, formatPosition, type PositionMode } from './frame-clock.ts';

/**
 * The scrub bar with one marker per commented frame. A marker sits at frame / totalFrames of
 * the width, the same ratio the playhead uses, so a comment at frame N lines up with the
 * playhead when the player shows frame N.
 */
export function Timeline({
  frame,
  totalFrames,
  threads,
  clock,
  mode,
  onSeek,
}: {
  frame: number;
  totalFrames: number;
  threads: Comment[];
  clock: FrameClock;
  mode: PositionMode;
  onSeek: (frame: number) => void;
}) {
  const max = Math.max(1, totalFrames);
  const pct = (f: number) => `${Math.min(100, (f / max) * 100)}%`;
  return (
    <div className="timeline">
      <input
        type="range"
        className="timeline__range"
        aria-label="Timeline position"
        min={0}
        max={Math.max(0, totalFrames - 1)}
        step={1}
        value={Math.min(frame, Math.max(0, totalFrames - 1))}
        aria-valuetext={formatPosition(frame, clock, mode)}
        onChange={(e) => onSeek(Number(e.target.value))}
      />
      <div className="timeline__track" aria-hidden="true">
        <div className="timeline__played" style={{ width: pct(frame) }} />
        <div className="timeline__playhead" style={{ left: pct(frame) }} />
      </div>
      <ul className="timeline__markers" aria-label="Comment markers">
        {threads
          .filter((c) => c.frame !== null && !c.deleted)
          .map((c) => (
            <li key={c.id} style={{ left: pct(c.frame ?? 0) }} className="timeline__marker-slot">
              {c.duration_frames && c.duration_frames > 1 ? (
                // A comment on a range (e.g. from Frame.io) also shows how far it reaches.
                <span
                  className={`timeline__span timeline__span--${c.visibility}`}
                  style={{ width: `${(c.duration_frames / max) * 100}cqw` }}
                  aria-hidden="true"
                />
              ) : null}
              <button
                type="button"
                className={`timeline__marker timeline__marker--${c.visibility}`}
                data-frame={c.frame ?? undefined}
                aria-label={`Comment at ${formatPosition(c.frame ?? 0, clock, 'timecode')} (frame ${c.frame}) by ${c.author.name}`}
                title={`${formatPosition(c.frame ?? 0, clock, mode)} · ${c.author.name}: ${(c.body ?? '').slice(0, 80)}`}
                onClick={() => onSeek(c.frame ?? 0)}
              />
            </li>
          ))}
      </ul>
    </div>
  );
}

import { useRef } from 'react';
import { type FrameClock, formatPosition, formatSpan, type PositionMode } from './frame-clock.ts';
import type { TimelineMarker } from './threads.ts';
import type { InOut } from './use-range-selection.ts';

/**
 * The scrub bar with one marker per commented frame (a span for a range, dimmed once done), and
 * under it the range lane: drag there to set in and out. A marker sits at frame / totalFrames of
 * the width, the same ratio the playhead uses, so a comment at frame N lines up with the playhead
 * when the player shows frame N. The markers are every thread of the version (the slim
 * timeline-markers read), while the comment list beside it may hold only the pages loaded so far.
 */
export function Timeline({
  frame,
  totalFrames,
  markers,
  clock,
  mode,
  inOut,
  onSeek,
  onDragRange,
}: {
  frame: number;
  totalFrames: number;
  markers: TimelineMarker[];
  clock: FrameClock;
  mode: PositionMode;
  inOut: InOut;
  onSeek: (frame: number) => void;
  onDragRange: (from: number, to: number) => void;
}) {
  const max = Math.max(1, totalFrames);
  const pct = (f: number) => `${Math.min(100, (f / max) * 100)}%`;
  const laneRef = useRef<HTMLDivElement>(null);
  const dragFrom = useRef<number | null>(null);
  const frameAtX = (clientX: number) => {
    const box = laneRef.current?.getBoundingClientRect();
    if (!box || box.width === 0) return 0;
    const f = Math.floor(((clientX - box.left) / box.width) * max);
    return Math.min(Math.max(0, f), Math.max(0, totalFrames - 1));
  };
  const bandStart = inOut.in ?? inOut.out;
  const bandEnd = inOut.out ?? inOut.in;
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
        {bandStart !== null && bandEnd !== null ? (
          <div
            className="timeline__inout"
            data-testid="in-out-band"
            data-in={inOut.in ?? undefined}
            data-out={inOut.out ?? undefined}
            style={{ left: pct(Math.min(bandStart, bandEnd)), width: pct(Math.abs(bandEnd - bandStart) + 1) }}
          />
        ) : null}
        <div className="timeline__playhead" style={{ left: pct(frame) }} />
      </div>
      <ul className="timeline__markers" aria-label="Comment markers">
        {markers.map((c) => (
          <li key={c.id} style={{ left: pct(c.frame) }} className="timeline__marker-slot">
            {c.duration_frames && c.duration_frames > 1 ? (
              // A comment on a range also shows how far it reaches.
              <span
                className={`timeline__span timeline__span--${c.visibility}${c.completed ? ' timeline__span--done' : ''}`}
                data-testid="comment-span"
                data-frame={c.frame}
                data-duration-frames={c.duration_frames}
                style={{ width: `${(c.duration_frames / max) * 100}cqw` }}
                aria-hidden="true"
              />
            ) : null}
            <button
              type="button"
              className={`timeline__marker timeline__marker--${c.visibility}${c.completed ? ' timeline__marker--done' : ''}`}
              data-frame={c.frame}
              data-done={c.completed ? 'true' : undefined}
              aria-label={`Comment at ${formatSpan(c.frame, c.duration_frames, clock, 'timecode')} (frame ${c.frame}) by ${c.author.name}${c.completed ? ', done' : ''}`}
              title={`${formatSpan(c.frame, c.duration_frames, clock, mode)} · ${c.author.name}`}
              onClick={() => onSeek(c.frame)}
            />
          </li>
        ))}
      </ul>
      <div
        ref={laneRef}
        className="timeline__lane"
        role="presentation"
        title="Drag to set in and out (or press I and O)"
        data-testid="range-lane"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture?.(e.pointerId);
          dragFrom.current = frameAtX(e.clientX);
          onDragRange(dragFrom.current, dragFrom.current);
        }}
        onPointerMove={(e) => {
          if (dragFrom.current !== null) onDragRange(dragFrom.current, frameAtX(e.clientX));
        }}
        onPointerUp={(e) => {
          if (dragFrom.current !== null) onDragRange(dragFrom.current, frameAtX(e.clientX));
          dragFrom.current = null;
        }}
      />
    </div>
  );
}

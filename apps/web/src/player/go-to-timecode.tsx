import { timecodeToFrames } from '@preroll/timecode';
import { useState } from 'react';
import type { FrameClock } from './frame-clock.ts';

/**
 * Where a typed position points: a frame number ("1234"), or SMPTE read at the version's rate and
 * start timecode, `;` for drop-frame ("01:00:10;02"). Throws with a sentence when it does not exist.
 */
export function frameOfTyped(text: string, clock: FrameClock): number {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (!/^\d{1,2}:\d{2}:\d{2}[:;.]\d{2,3}$/.test(t)) {
    throw new Error('Type a timecode (HH:MM:SS:FF, ;FF for drop-frame) or a frame number.');
  }
  const padded = t.length === 10 ? `0${t}` : t;
  return timecodeToFrames(padded.replace('.', ':'), clock.rate, {
    dropFrame: clock.dropFrame,
    startFrame: clock.startFrame,
  });
}

/** G: a small box in the transport bar; Enter goes there, Escape closes. */
export function GoToTimecode({
  clock,
  onGo,
  onClose,
}: {
  clock: FrameClock;
  onGo: (frame: number) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="goto"
      onSubmit={(e) => {
        e.preventDefault();
        try {
          onGo(frameOfTyped(text, clock));
          onClose();
        } catch (err) {
          setError((err as Error).message);
        }
      }}
    >
      <input
        // biome-ignore lint/a11y/noAutofocus: opened by a key press to type into at once
        autoFocus
        aria-label="Go to timecode or frame"
        placeholder={clock.dropFrame ? '00:00:00;00' : '00:00:00:00'}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
        }}
      />
      <button type="submit" className="btn btn--small">
        Go
      </button>
      {error ? (
        <span role="alert" className="small error-text">
          {error}
        </span>
      ) : null}
    </form>
  );
}

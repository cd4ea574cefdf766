import { frameRate, parseStartTimecode, timecodeFramesPerDay } from '@preroll/timecode';
import type { MarkerDocument, MarkerNote, MarkerTiming } from '../src/index.ts';

/** The six timings every format is proved at, named as the golden files are. */
export const TIMINGS: Array<{ name: string; timing: MarkerTiming }> = [
  timing('23.976', 24000, 1001, '01:00:00:00'),
  timing('24', 24, 1, '00:00:00:00'),
  timing('25', 25, 1, '10:00:00:00'),
  timing('29.97-df', 30000, 1001, '01:00:00;00'),
  timing('29.97-ndf', 30000, 1001, '00:58:30:00'),
  timing('59.94-df', 60000, 1001, '01:00:00;00'),
];

function timing(
  name: string,
  num: number,
  den: number,
  start: string,
): { name: string; timing: MarkerTiming } {
  const rate = frameRate(num, den);
  const { startFrame, dropFrame } = parseStartTimecode(start, rate);
  // Exactly one hour of timecode, so the last note sits on the last frame of an hour.
  return {
    name,
    timing: { rate, startFrame, dropFrame, durationFrames: framesPerHour({ rate, dropFrame }) },
  };
}

export function framesPerHour(t: Pick<MarkerTiming, 'rate' | 'dropFrame'>): number {
  return timecodeFramesPerDay(t.rate, t.dropFrame) / 24;
}

const base = {
  durationFrames: null,
  replies: [],
  visibility: 'client' as const,
  completed: false,
  thumbnail: null,
  createdAt: '2025-01-01T00:00:00.000Z',
};

let n = 0;
function note(frame: number, body: string, extra: Partial<MarkerNote> = {}): MarkerNote {
  n += 1;
  const id = `0190c0de-0000-7000-8000-${String(n).padStart(12, '0')}`;
  return {
    ...base,
    id,
    frame,
    body,
    author: 'Olivia Owner',
    link: `https://preroll.example/versions/0190c0de-0000-7000-8000-00000000aaaa?comment=${id}`,
    ...extra,
  };
}

/**
 * Notes on the first frame, on both sides of the 29.97 DF minute boundary (1799/1800) and the
 * 59.94 DF one (3599/3600), two on the same frame, one with a duration, replies, an internal and
 * a done one, and text that tests every escape: | and line breaks, a leading digit, XML and CSV
 * specials, non-ASCII, a tab; the last on the last frame of the hour.
 */
export function notesFor(t: MarkerTiming): MarkerNote[] {
  n = 0;
  return [
    note(0, 'First frame: slate still visible'),
    note(1799, 'Cut | one frame late\nsecond line', { durationFrames: 48 }),
    note(1800, '3 frames late on the music cue', {
      replies: [{ author: 'Casey Client', body: 'Agreed, "pull" it <3 & thanks' }],
    }),
    note(1800, '=SUM(A1) is not a formula', { visibility: 'internal', author: 'Morgan "Mo" Member' }),
    note(3599, "Café — l'étalonnage ✓\ttab", { completed: true }),
    note(3600, 'Minute boundary at 59.94'),
    note(framesPerHour(t) - 1, 'Last frame of the hour'),
  ];
}

export function documentFor(name: string, t: MarkerTiming): MarkerDocument {
  return {
    title: `Rough cut v2 (${name})`,
    mediaName: 'rough cut v2 & final.mov',
    timing: t,
    width: 1920,
    height: 1080,
    notes: notesFor(t),
  };
}

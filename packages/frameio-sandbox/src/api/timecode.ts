import type { Rational } from '../state/state-types.ts';

/**
 * Framestamp ⇄ "HH:MM:SS:FF" (frameio-api-notes.md, "Comments and framestamps": integer timestamps
 * are frame numbers starting at 1; the timecode semantics are UNCONFIRMED). (choice) Framestamp 1
 * is 00:00:00:00; timecode counts non-drop-frame at the nominal rate ceil(num/den) (24000/1001
 * counts as 24), with the file's rate settable through the control API (default 24/1). A `;`
 * separator is accepted on input but output always uses `:`.
 */
export function nominalFps(fps: Rational): number {
  return Math.ceil(fps.num / fps.den);
}

export function framesToTimecode(framestamp: number, fps: Rational): string {
  const n = nominalFps(fps);
  const f = Math.max(0, framestamp - 1);
  const ff = f % n;
  const totalSeconds = Math.floor(f / n);
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600);
  const p = (x: number): string => String(x).padStart(2, '0');
  return `${p(hh)}:${p(mm)}:${p(ss)}:${p(ff)}`;
}

/** Returns the framestamp, or null when the string is not a valid timecode for this rate. */
export function timecodeToFrames(tc: string, fps: Rational): number | null {
  const m = /^(\d{2}):(\d{2}):(\d{2})[:;](\d{2})$/.exec(tc);
  if (!m) return null;
  const n = nominalFps(fps);
  const [hh, mm, ss, ff] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  if (mm > 59 || ss > 59 || ff >= n) return null;
  return ((hh * 60 + mm) * 60 + ss) * n + ff + 1;
}

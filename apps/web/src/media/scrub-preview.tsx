import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';

interface Cue {
  start: number;
  end: number;
  url: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Parses the thumbnails WebVTT: each cue names a tile of the sprite (`…jpg#xywh=x,y,w,h`). */
export function parseThumbnailVtt(text: string, base: string): Cue[] {
  const cues: Cue[] = [];
  const blocks = text.replace(/\r/g, '').split('\n\n');
  for (const block of blocks) {
    const lines = block.split('\n').filter(Boolean);
    const timing = lines.findIndex((l) => l.includes('-->'));
    if (timing < 0 || !lines[timing + 1]) continue;
    const [from, to] = lines[timing]!.split('-->').map((t) => seconds(t.trim()));
    const match = /^(.*)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(lines[timing + 1]!.trim());
    if (!match || from === undefined || to === undefined) continue;
    cues.push({
      start: from,
      end: to,
      url: new URL(match[1]!, new URL(base, window.location.href)).toString(),
      x: Number(match[2]),
      y: Number(match[3]),
      w: Number(match[4]),
      h: Number(match[5]),
    });
  }
  return cues;
}

function seconds(t: string): number {
  const parts = t.split(':').map(Number);
  return parts.reduce((acc, n) => acc * 60 + n, 0);
}

/**
 * Wraps the scrub bar: hovering shows the thumbnail of the moment under the pointer, read from
 * the version's sprite through its WebVTT index (made by the previews job).
 */
export function ScrubPreview({
  vttUrl,
  durationSeconds,
  children,
}: {
  vttUrl: string | null | undefined;
  durationSeconds: number | null;
  children: ReactNode;
}) {
  const [hover, setHover] = useState<{ left: number; cue: Cue } | null>(null);
  const cues = useQuery({
    queryKey: ['thumbnails', vttUrl],
    queryFn: async () => {
      const res = await fetch(vttUrl!, { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`thumbnails: ${res.status}`);
      return parseThumbnailVtt(await res.text(), vttUrl!);
    },
    enabled: Boolean(vttUrl),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const list = cues.data;
  const box = useRef<HTMLDivElement>(null);
  // Pointer-only decoration, listened to directly: the range input inside stays the accessible control.
  useEffect(() => {
    const el = box.current;
    if (!el || !list || list.length === 0 || !durationSeconds) return;
    const move = (e: MouseEvent) => {
      const rect = el.getBoundingClientRect();
      const ratio = Math.min(1, Math.max(0, (e.clientX - rect.left) / rect.width));
      const at = ratio * durationSeconds;
      const cue = list.find((c) => at >= c.start && at < c.end) ?? list.at(-1)!;
      setHover({ left: ratio * 100, cue });
    };
    const leave = () => setHover(null);
    el.addEventListener('mousemove', move);
    el.addEventListener('mouseleave', leave);
    return () => {
      el.removeEventListener('mousemove', move);
      el.removeEventListener('mouseleave', leave);
    };
  }, [list, durationSeconds]);
  return (
    <div ref={box} className="scrub-preview">
      {children}
      {hover ? (
        <div
          className="scrub-preview__tile"
          data-testid="scrub-preview"
          aria-hidden="true"
          style={{
            left: `${hover.left}%`,
            width: hover.cue.w,
            height: hover.cue.h,
            backgroundImage: `url("${hover.cue.url}")`,
            backgroundPosition: `-${hover.cue.x}px -${hover.cue.y}px`,
          }}
        />
      ) : null}
    </div>
  );
}

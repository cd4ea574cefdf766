import type { WaveformPeaks } from '@preroll/contracts/versions';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';

/**
 * The version's audio waveform under the timeline: one bar per peak, scaled to the width, so a
 * point of the waveform sits under the same point of the scrub bar. Fetched once (ETag-cached).
 */
export function Waveform({ url, durationSeconds }: { url: string; durationSeconds: number | null }) {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const peaks = useQuery({
    queryKey: ['waveform', url],
    queryFn: async () => {
      const res = await fetch(url, { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`waveform: ${res.status}`);
      return (await res.json()) as WaveformPeaks;
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
  useEffect(() => {
    const el = canvas.current;
    const data = peaks.data;
    if (!el || !data) return;
    const width = el.clientWidth * devicePixelRatio;
    const height = el.clientHeight * devicePixelRatio;
    el.width = width;
    el.height = height;
    const ctx = el.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, width, height);
    ctx.fillStyle = getComputedStyle(el).color;
    // Peaks cover the audio's length; the timeline covers the version's.
    const covered = durationSeconds
      ? Math.min(1, (data.peaks.length * data.seconds_per_peak) / durationSeconds)
      : 1;
    const step = (width * covered) / Math.max(1, data.peaks.length);
    data.peaks.forEach((peak, i) => {
      const h = Math.max(1, peak * height);
      ctx.fillRect(i * step, (height - h) / 2, Math.max(1, step - 0.5), h);
    });
  }, [peaks.data, durationSeconds]);
  return (
    <canvas
      ref={canvas}
      className="waveform"
      aria-label="Audio waveform"
      data-peaks={peaks.data?.peaks.length}
    />
  );
}

/** Small inline SVG icons (no icon font: headless and locked-down machines lack the glyphs). */
type IconName = 'play' | 'pause' | 'prev-frame' | 'next-frame' | 'volume' | 'muted' | 'fullscreen';

const PATHS: Record<IconName, string> = {
  play: 'M5 3l8 5-8 5z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
  'prev-frame': 'M3 3h2v10H3zM13 3v10L6 8z',
  'next-frame': 'M11 3h2v10h-2zM3 3v10l7-5z',
  volume: 'M2 6h3l4-3v10L5 10H2zM11 5.5a3.5 3.5 0 010 5M12.5 3.5a6 6 0 010 9',
  muted: 'M2 6h3l4-3v10L5 10H2zM11 6l4 4M15 6l-4 4',
  fullscreen: 'M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4',
};

const STROKED = new Set<IconName>(['volume', 'muted', 'fullscreen']);

export function Icon({ name }: { name: IconName }) {
  const stroked = STROKED.has(name);
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        d={PATHS[name]}
        fill={stroked && name !== 'volume' && name !== 'muted' ? 'none' : 'currentColor'}
        stroke={stroked ? 'currentColor' : 'none'}
        strokeWidth={stroked ? 1.5 : 0}
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

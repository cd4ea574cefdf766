import type { Version } from '../api/types.ts';

/** What a poster needs of a version: the full Version, or a list row's few fields. */
export type PosterSource = Pick<Version, 'media_kind'> & {
  poster_url?: string | null;
  status?: Version['status'];
};

/**
 * A version's poster frame for lists and cards. Until the previews job has made it (or while the
 * version is still being analysed) a placeholder says so; audio shows a note, other files nothing.
 * `size="card"` is the larger frame of the portal's cards and waiting list.
 */
export function VersionPoster({
  version,
  label,
  size = 'row',
}: {
  version: PosterSource;
  label: string;
  size?: 'row' | 'card';
}) {
  const className = size === 'card' ? 'version-poster version-poster--card' : 'version-poster';
  if (version.poster_url) {
    return <img className={className} src={version.poster_url} alt={`Poster of ${label}`} loading="lazy" />;
  }
  if (version.status !== 'failed' && (version.status === 'processing' || version.media_kind === 'video')) {
    return (
      <span
        className={`${className} version-poster--empty version-poster--pending`}
        role="img"
        aria-label={`Poster of ${label} is being made`}
        title="Poster on its way"
      />
    );
  }
  return (
    <span className={`${className} version-poster--empty`} aria-hidden="true">
      {version.media_kind === 'audio' ? '♪' : ''}
    </span>
  );
}

import type { Version } from '../api/types.ts';

/**
 * A version's poster frame for lists and cards; a quiet placeholder until the previews job has
 * made it (or for audio and other files, which have none).
 */
export function VersionPoster({ version, label }: { version: Version; label: string }) {
  if (!version.poster_url) {
    return (
      <span className="version-poster version-poster--empty" aria-hidden="true">
        {version.media_kind === 'audio' ? '♪' : ''}
      </span>
    );
  }
  return (
    <img className="version-poster" src={version.poster_url} alt={`Poster of ${label}`} loading="lazy" />
  );
}

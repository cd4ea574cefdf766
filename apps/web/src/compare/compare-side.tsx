import { useQuery } from '@tanstack/react-query';
import type { Ref } from 'react';
import { getData } from '../api/api-client.ts';
import { type Comment, type Version, versionFilename } from '../api/types.ts';
import { type FrameClock, formatPosition, formatSpan } from '../player/frame-clock.ts';
import { commentsQueryKey } from '../player/threads.ts';

export function playbackSrc(v: Version): string {
  return v.playback_url ?? v.media_url ?? `/api/v1/versions/${v.id}/media`;
}

/** One side's picture: a <video> the compare page drives (it never has controls of its own). */
export function CompareVideo(props: {
  side: 'a' | 'b';
  version: Version;
  videoRef: Ref<HTMLVideoElement>;
  muted: boolean;
  className?: string;
  style?: React.CSSProperties;
}) {
  const { side, version, videoRef, muted, className, style } = props;
  return (
    <video
      ref={videoRef}
      data-side={side}
      data-testid={`compare-video-${side}`}
      className={className ?? 'compare__video'}
      style={style}
      src={playbackSrc(version)}
      poster={version.poster_url ?? undefined}
      muted={muted}
      preload="auto"
      playsInline
      aria-label={`v${version.number} ${versionFilename(version)}`}
    />
  );
}

/** A side's readout: the frame index and timecode it shows, and its anchored comments to seek to. */
export function CompareSideInfo(props: {
  side: 'a' | 'b';
  version: Version;
  clock: FrameClock;
  frame: number;
  onSeek: (frame: number) => void;
}) {
  const { side, version, clock, frame, onSeek } = props;
  const comments = useQuery({
    queryKey: commentsQueryKey(version.id),
    queryFn: () => getData<Comment[]>(`/versions/${version.id}/comments`),
  });
  const anchored = (comments.data ?? [])
    .filter((c) => c.parent_id === null && c.frame !== null && c.body !== null)
    .sort((x, y) => (x.frame ?? 0) - (y.frame ?? 0));
  return (
    <section className="compare__side" aria-label={`Side ${side.toUpperCase()}: v${version.number}`}>
      <div className="compare__readout">
        <strong>
          {side.toUpperCase()} · v{version.number}
        </strong>{' '}
        <output data-testid={`compare-position-${side}`} data-frame={frame} className="mono">
          {formatPosition(frame, clock, 'timecode')} · frame {frame}
        </output>
      </div>
      {comments.isError ? <p className="muted small">Comments could not be loaded.</p> : null}
      {anchored.length === 0 && comments.isSuccess ? (
        <p className="muted small">No comments on this version.</p>
      ) : null}
      <ul className="compare__comments" data-testid={`compare-comments-${side}`}>
        {anchored.map((c) => (
          <li key={c.id} className={c.completed ? 'compare__comment is-completed' : 'compare__comment'}>
            <button type="button" className="btn btn--ghost btn--small" onClick={() => onSeek(c.frame ?? 0)}>
              <span className="mono">{formatSpan(c.frame ?? 0, c.duration_frames, clock, 'timecode')}</span>
            </button>{' '}
            <span className="small">
              <strong>{c.author.name}</strong>: {c.body}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

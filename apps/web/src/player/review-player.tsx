import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { getData } from '../api/api-client.ts';
import { type Comment, type Version, versionFilename } from '../api/types.ts';
import { ErrorNotice } from '../components/form-controls.tsx';
import { ScrubPreview } from '../media/scrub-preview.tsx';
import { VersionProcessing } from '../media/version-processing.tsx';
import { Waveform } from '../media/waveform.tsx';
import { type CommentComposerHandle, CommentPanel, type Viewer } from './comment-panel.tsx';
import { type FrameClock, frameAt, frameClockOf, type PositionMode, seekTimeOf } from './frame-clock.ts';
import { Timeline } from './timeline.tsx';
import { TransportBar } from './transport-bar.tsx';
import { usePlayerShortcuts } from './use-player-shortcuts.ts';

const SPEEDS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2];
const MODE_KEY = 'preroll.player.positionMode';

type VideoWithFrameCallback = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: { mediaTime: number }) => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

export function commentsQueryKey(versionId: string) {
  return ['comments', versionId] as const;
}

/** Threads sorted by position: frame first (general comments last), then creation. */
export function sortThreads(threads: Comment[]): Comment[] {
  return [...threads].sort((a, b) => {
    const fa = a.frame ?? Number.POSITIVE_INFINITY;
    const fb = b.frame ?? Number.POSITIVE_INFINITY;
    return fa !== fb ? fa - fb : a.created_at.localeCompare(b.created_at);
  });
}

/**
 * The review player shared by the studio and the portal: HTML5 media from
 * /api/v1/versions/{id}/media, a frame-exact position at the version's rational rate, markers on
 * the timeline, and the comment panel. Positions are integer frames; the display is SMPTE (drop-
 * frame aware, from the media's start timecode) or raw frames.
 */
export function ReviewPlayer({
  version,
  viewer,
  canChooseVisibility,
}: {
  version: Version;
  viewer: Viewer;
  canChooseVisibility: boolean;
}) {
  const clock = useMemo<FrameClock>(() => frameClockOf(version), [version]);
  const mediaRef = useRef<HTMLVideoElement | null>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const composerRef = useRef<CommentComposerHandle>(null);
  /** The frame a step is heading to while its seek is in flight, so fast `.` presses add up. */
  const pendingFrame = useRef<number | null>(null);
  const [frame, setFrame] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [muted, setMuted] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [mediaFrames, setMediaFrames] = useState<number | null>(null);
  const [mediaError, setMediaError] = useState<string | null>(null);
  const [mode, setMode] = useState<PositionMode>(() =>
    localStorage.getItem(MODE_KEY) === 'frames' ? 'frames' : 'timecode',
  );

  const comments = useQuery({
    queryKey: commentsQueryKey(version.id),
    queryFn: () => getData<Comment[]>(`/versions/${version.id}/comments`),
  });
  const threads = useMemo(() => sortThreads(comments.data ?? []), [comments.data]);

  const totalFrames = clock.durationFrames ?? mediaFrames ?? 0;
  const lastFrame = Math.max(0, totalFrames - 1);
  // At the very end currentTime equals the duration, which is one past the last frame; the
  // picture still shows the last frame, so the readout does too.
  const lastFrameRef = useRef<number | null>(null);
  lastFrameRef.current = totalFrames > 0 ? lastFrame : null;
  const onScreen = useCallback(
    (seconds: number) => {
      const f = frameAt(seconds, clock);
      return lastFrameRef.current === null ? f : Math.min(f, lastFrameRef.current);
    },
    [clock],
  );

  const readFrame = useCallback(() => {
    const el = mediaRef.current;
    if (!el || pendingFrame.current !== null) return;
    setFrame(onScreen(el.currentTime));
  }, [onScreen]);

  // While playing, follow the picture: requestVideoFrameCallback reports the presentation time
  // of each composited frame (exact); requestAnimationFrame is the fallback for audio.
  useEffect(() => {
    const el = mediaRef.current as VideoWithFrameCallback | null;
    if (!el || !playing) return;
    let cancelled = false;
    let handle = 0;
    if (el.requestVideoFrameCallback && clock.audio === false) {
      const onFrame = (_now: number, meta: { mediaTime: number }) => {
        if (cancelled) return;
        if (pendingFrame.current === null) setFrame(onScreen(meta.mediaTime));
        handle = el.requestVideoFrameCallback!(onFrame);
      };
      handle = el.requestVideoFrameCallback(onFrame);
      return () => {
        cancelled = true;
        el.cancelVideoFrameCallback?.(handle);
      };
    }
    const tick = () => {
      if (cancelled) return;
      readFrame();
      handle = requestAnimationFrame(tick);
    };
    handle = requestAnimationFrame(tick);
    return () => {
      cancelled = true;
      cancelAnimationFrame(handle);
    };
  }, [playing, clock, readFrame, onScreen]);

  const seekToFrame = useCallback(
    (target: number) => {
      const el = mediaRef.current;
      if (!el) return;
      const f = Math.min(
        Math.max(0, Math.round(target)),
        totalFrames > 0 ? lastFrame : Number.MAX_SAFE_INTEGER,
      );
      pendingFrame.current = f;
      setFrame(f);
      el.currentTime = seekTimeOf(f, clock);
    },
    [clock, lastFrame, totalFrames],
  );

  const pause = useCallback(() => {
    mediaRef.current?.pause();
  }, []);

  const actions = {
    togglePlay: () => {
      const el = mediaRef.current;
      if (!el) return;
      if (el.paused) void el.play().catch((e: unknown) => setMediaError(String(e)));
      else el.pause();
    },
    seekBy: (seconds: number) => {
      const el = mediaRef.current;
      if (!el) return;
      pendingFrame.current = null;
      const max = Number.isFinite(el.duration) ? el.duration : Number.MAX_SAFE_INTEGER;
      el.currentTime = Math.min(Math.max(0, el.currentTime + seconds), max);
    },
    step: (delta: number) => {
      const el = mediaRef.current;
      if (!el) return;
      el.pause();
      const from = pendingFrame.current ?? frameAt(el.currentTime, clock);
      seekToFrame(from + delta);
    },
    slower: () => setSpeed((s) => SPEEDS[Math.max(0, SPEEDS.indexOf(s) - 1)] ?? s),
    faster: () => setSpeed((s) => SPEEDS[Math.min(SPEEDS.length - 1, SPEEDS.indexOf(s) + 1)] ?? s),
    toggleMute: () => setMuted((m) => !m),
    toggleFullscreen: () => {
      if (document.fullscreenElement) void document.exitFullscreen();
      else void stageRef.current?.requestFullscreen?.().catch(() => undefined);
    },
    commentHere: () => {
      const el = mediaRef.current;
      if (el && !el.paused) {
        // pause() settles asynchronously: the clock runs on until the pipeline stops, and the
        // picture left on screen is the one at the position reported with the 'pause' event.
        // Focus now so typing can start, and pin the frame once the position has settled.
        composerRef.current?.startAt(onScreen(el.currentTime));
        el.addEventListener('pause', () => composerRef.current?.startAt(onScreen(el.currentTime)), {
          once: true,
        });
        el.pause();
        return;
      }
      const f = pendingFrame.current ?? (el ? onScreen(el.currentTime) : frame);
      composerRef.current?.startAt(f);
    },
  };
  usePlayerShortcuts(actions);

  useEffect(() => {
    if (mediaRef.current) mediaRef.current.playbackRate = speed;
  }, [speed]);
  useEffect(() => {
    if (mediaRef.current) mediaRef.current.muted = muted;
  }, [muted]);
  useEffect(() => localStorage.setItem(MODE_KEY, mode), [mode]);

  const mediaProps = {
    // The proxy when the original does not play in browsers (docs/uploads-and-review.md).
    src: version.playback_url ?? version.media_url ?? `/api/v1/versions/${version.id}/media`,
    preload: 'auto' as const,
    crossOrigin: 'use-credentials' as const,
    onLoadedMetadata: (e: React.SyntheticEvent<HTMLMediaElement>) => {
      const d = e.currentTarget.duration;
      if (Number.isFinite(d)) setMediaFrames(Math.max(1, frameAt(d, clock)));
      readFrame();
    },
    onSeeked: (e: React.SyntheticEvent<HTMLMediaElement>) => {
      // The seek we asked for has landed: show the frame the media reports now.
      pendingFrame.current = null;
      setFrame(onScreen(e.currentTarget.currentTime));
    },
    onTimeUpdate: () => {
      if (mediaRef.current?.paused) readFrame();
    },
    onPlay: () => {
      pendingFrame.current = null;
      setPlaying(true);
    },
    onPause: () => {
      setPlaying(false);
      readFrame();
    },
    onEnded: () => setPlaying(false),
    onError: () => setMediaError('The media could not be loaded or played in this browser.'),
  };

  return (
    <div className="review">
      <div className="review__stage" ref={stageRef}>
        <div className="review__media">
          {clock.audio ? (
            <div className="review__audio">
              <audio
                ref={(el) => {
                  // One ref for both elements; the video-only API (frame callbacks) is feature-checked.
                  mediaRef.current = el as unknown as HTMLVideoElement | null;
                }}
                {...mediaProps}
                aria-label={`Audio of ${versionFilename(version)}`}
              />
              <div className="review__audio-label" aria-hidden="true">
                ♪ {versionFilename(version)}
              </div>
            </div>
          ) : (
            <video
              ref={mediaRef}
              {...mediaProps}
              playsInline
              poster={version.poster_url ?? undefined}
              aria-label={`Video of ${versionFilename(version)}`}
              onClick={actions.togglePlay}
            />
          )}
        </div>
        <VersionProcessing version={version} canRetry={canChooseVisibility} />
        {mediaError ? <ErrorNotice error={new Error(mediaError)} /> : null}
        <ScrubPreview vttUrl={version.thumbnails_vtt_url} durationSeconds={version.duration_seconds}>
          <Timeline
            frame={frame}
            totalFrames={totalFrames}
            threads={threads}
            clock={clock}
            mode={mode}
            onSeek={(f) => {
              pause();
              seekToFrame(f);
            }}
          />
        </ScrubPreview>
        {version.waveform_url ? (
          <Waveform url={version.waveform_url} durationSeconds={version.duration_seconds} />
        ) : null}
        <TransportBar
          frame={frame}
          lastFrame={lastFrame}
          clock={clock}
          mode={mode}
          onToggleMode={() => setMode((m) => (m === 'frames' ? 'timecode' : 'frames'))}
          playing={playing}
          muted={muted}
          speed={speed}
          rateLabel={version.frame_rate_label}
          size={version.width && version.height ? `${version.width}×${version.height}` : null}
          actions={actions}
        />
      </div>
      <CommentPanel
        ref={composerRef}
        versionId={version.id}
        threads={threads}
        query={comments}
        clock={clock}
        mode={mode}
        viewer={viewer}
        currentFrame={frame}
        canChooseVisibility={canChooseVisibility}
        onSeek={(f) => {
          pause();
          seekToFrame(f);
        }}
      />
    </div>
  );
}

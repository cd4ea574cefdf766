import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { getData } from '../api/api-client.ts';
import { usePagedList } from '../api/queries.ts';
import { type Comment, type Version, versionFilename } from '../api/types.ts';
import { ErrorNotice } from '../components/form-controls.tsx';
import { ScrubPreview } from '../media/scrub-preview.tsx';
import { VersionProcessing } from '../media/version-processing.tsx';
import { Waveform } from '../media/waveform.tsx';
import { CarryForwardPanel } from './carry-forward-panel.tsx';
import { type CommentComposerHandle, CommentPanel, type Viewer } from './comment-panel.tsx';
import { DrawingLayer } from './drawing-layer.tsx';
import { type FrameClock, frameAt, frameClockOf, type PositionMode, seekTimeOf } from './frame-clock.ts';
import { GoToTimecode } from './go-to-timecode.tsx';
import { KeyHelpOverlay } from './key-help-overlay.tsx';
import {
  commentFrameAfter,
  commentFrameBefore,
  readMarkers,
  sortThreads,
  type TimelineMarker,
  type TimelineMarkersResponse,
  threadPagesQueryKey,
  timelineMarkersQueryKey,
} from './threads.ts';
import { Timeline } from './timeline.tsx';
import { TransportBar } from './transport-bar.tsx';
import { useFollowPicture } from './use-follow-picture.ts';
import { drawingsOn, FrameDrawingTools, useFrameDrawing } from './use-frame-drawing.tsx';
import { type PlayerActions, usePlayerShortcuts } from './use-player-shortcuts.ts';
import { useRangeSelection } from './use-range-selection.ts';
import { useShuttle } from './use-shuttle.ts';

const NO_MARKERS: TimelineMarker[] = [];
const SPEEDS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2];
const MODE_KEY = 'preroll.player.positionMode';

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
  carryFrom,
}: {
  version: Version;
  viewer: Viewer;
  canChooseVisibility: boolean;
  /** The studio offers carrying the previous version's notes here (its number), on v2 and later. */
  carryFrom?: number;
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
  const [showKeys, setShowKeys] = useState(false);
  const [goingTo, setGoingTo] = useState(false);
  const [looping, setLooping] = useState(false);
  const drawing = useFrameDrawing();
  const inOut = useRangeSelection();
  /** Read by the per-frame callbacks while playing: loop back at the out point. */
  const loopRange = useRef<{ first: number; last: number } | null>(null);
  loopRange.current =
    looping && inOut.range
      ? { first: inOut.range.frame, last: inOut.range.frame + inOut.range.durationFrames - 1 }
      : null;

  // The timeline draws every thread from one slim read; the list loads its threads a page at a time.
  const markersQuery = useQuery({
    queryKey: timelineMarkersQueryKey(version.id),
    queryFn: () =>
      getData<TimelineMarkersResponse>(`/versions/${version.id}/timeline-markers`).then(readMarkers),
  });
  const markers = markersQuery.data ?? NO_MARKERS;
  const comments = usePagedList<Comment>(threadPagesQueryKey(version.id), `/versions/${version.id}/comments`);
  const threads = useMemo(() => sortThreads(comments.items), [comments.items]);

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

  /** Loop in → out: past the out point while playing, go back to the in point and play on. */
  const loopBack = useRef((_f: number) => {});
  loopBack.current = (f: number) => {
    const loop = loopRange.current;
    const el = mediaRef.current;
    if (!loop || !el || el.paused) return;
    if (f >= loop.last || f < loop.first) seekToFrame(loop.first);
  };
  useFollowPicture({ mediaRef, playing, clock, pendingFrame, onScreen, readFrame, setFrame, loopBack });

  const pause = useCallback(() => {
    mediaRef.current?.pause();
  }, []);

  const shuttle = useShuttle({
    mediaRef,
    clock,
    currentFrame: () =>
      pendingFrame.current ?? (mediaRef.current ? onScreen(mediaRef.current.currentTime) : frame),
    seekToFrame,
    setSpeed,
    onError: setMediaError,
  });
  const hereNow = () =>
    pendingFrame.current ?? (mediaRef.current ? onScreen(mediaRef.current.currentTime) : frame);
  const step = (delta: number) => {
    const el = mediaRef.current;
    if (!el) return;
    shuttle.stopReverse();
    el.pause();
    const from = pendingFrame.current ?? frameAt(el.currentTime, clock);
    seekToFrame(from + delta);
  };
  const seekPaused = (f: number) => {
    shuttle.stopReverse();
    pause();
    seekToFrame(f);
  };
  const actions: PlayerActions = {
    togglePlay: () => {
      const el = mediaRef.current;
      if (!el) return;
      if (shuttle.isReversing()) {
        shuttle.stop();
        return;
      }
      if (el.paused) {
        if (speed <= 0) setSpeed(1);
        const loop = loopRange.current;
        if (loop && (hereNow() < loop.first || hereNow() >= loop.last)) seekToFrame(loop.first);
        void el.play().catch((e: unknown) => setMediaError(String(e)));
      } else el.pause();
    },
    shuttleForward: shuttle.forward,
    shuttleBackward: shuttle.backward,
    stop: shuttle.stop,
    stepBack: () => step(-1),
    stepForward: () => step(1),
    stepBack10: () => step(-10),
    stepForward10: () => step(10),
    markIn: () => inOut.markIn(hereNow()),
    markOut: () => inOut.markOut(hereNow()),
    clearRange: () => {
      inOut.clear();
      setLooping(false);
    },
    toggleLoop: () => setLooping((l) => !l),
    goToTimecode: () => setGoingTo(true),
    goToStart: () => seekPaused(0),
    goToEnd: () => seekPaused(lastFrame),
    previousComment: () => {
      const f = commentFrameBefore(markers, hereNow());
      if (f !== null) seekPaused(f);
    },
    nextComment: () => {
      const f = commentFrameAfter(markers, hereNow());
      if (f !== null) seekPaused(f);
    },
    slower: () => setSpeed((s) => SPEEDS[Math.max(0, SPEEDS.indexOf(s) - 1)] ?? 1),
    faster: () => setSpeed((s) => SPEEDS[Math.min(SPEEDS.length - 1, SPEEDS.indexOf(s) + 1)] ?? 1),
    toggleMute: () => setMuted((m) => !m),
    toggleFullscreen: () => {
      if (document.fullscreenElement) void document.exitFullscreen();
      else void stageRef.current?.requestFullscreen?.().catch(() => undefined);
    },
    toggleHelp: () => setShowKeys((v) => !v),
    commentHere: () => {
      const el = mediaRef.current;
      shuttle.stopReverse();
      const range = inOut.range;
      if (range) {
        // In and out are set: the comment is on that range, wherever the playhead is.
        el?.pause();
        composerRef.current?.startAt(range.frame, range.durationFrames);
        return;
      }
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
      composerRef.current?.startAt(hereNow());
    },
  };
  usePlayerShortcuts(actions);

  const startDrawing = () => {
    shuttle.stopReverse();
    mediaRef.current?.pause();
    // The drawing belongs to the comment on this frame (or the in/out range).
    const range = inOut.range;
    drawing.start(() =>
      range
        ? composerRef.current?.startAt(range.frame, range.durationFrames, false)
        : composerRef.current?.startAt(hereNow(), 1, false),
    );
  };

  useEffect(() => {
    // A negative speed is the timer-driven reverse (use-shuttle.ts): the element stays paused.
    if (mediaRef.current && speed > 0) mediaRef.current.playbackRate = speed;
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
    onPause: (e: React.SyntheticEvent<HTMLMediaElement>) => {
      setPlaying(false);
      if (shuttle.isReversing()) return;
      // Snap to the frame: paused between two frames the decoder may show the earlier one while
      // currentTime already reads the later. Seeking to the frame's midpoint makes both agree.
      const el = e.currentTarget;
      const f = pendingFrame.current ?? onScreen(el.currentTime);
      if (Math.abs(el.currentTime - seekTimeOf(f, clock)) > 1e-6) seekToFrame(f);
      else readFrame();
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
        {clock.audio ? null : (
          // Beside the media box, not in it: placed by the video's offset in the stage.
          <DrawingLayer
            videoRef={mediaRef}
            shown={playing ? [] : drawingsOn(threads, frame)}
            {...drawing.layer}
          />
        )}
        <VersionProcessing version={version} canRetry={canChooseVisibility} />
        {mediaError ? <ErrorNotice error={new Error(mediaError)} /> : null}
        <ScrubPreview vttUrl={version.thumbnails_vtt_url} durationSeconds={version.duration_seconds}>
          <Timeline
            frame={frame}
            totalFrames={totalFrames}
            markers={markers}
            clock={clock}
            mode={mode}
            inOut={inOut.io}
            onDragRange={inOut.drag}
            onSeek={seekPaused}
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
          looping={looping}
          goTo={
            goingTo ? (
              <GoToTimecode clock={clock} onGo={seekPaused} onClose={() => setGoingTo(false)} />
            ) : null
          }
        />
        {clock.audio ? null : <FrameDrawingTools drawing={drawing} onStart={startDrawing} />}
        {showKeys ? <KeyHelpOverlay onClose={() => setShowKeys(false)} /> : null}
      </div>
      <div className="review__side">
        {carryFrom ? (
          <CarryForwardPanel versionId={version.id} fromNumber={carryFrom} onSeek={seekPaused} />
        ) : null}
        <CommentPanel
          ref={composerRef}
          versionId={version.id}
          threads={threads}
          query={comments}
          more={{
            hasMore: comments.hasNextPage,
            loading: comments.isFetchingNextPage,
            load: () => void comments.fetchNextPage(),
          }}
          clock={clock}
          mode={mode}
          viewer={viewer}
          currentFrame={frame}
          currentRange={inOut.range}
          drawing={drawing.draft}
          onDrawingPosted={drawing.posted}
          canChooseVisibility={canChooseVisibility}
          onSeek={seekPaused}
        />
      </div>
    </div>
  );
}

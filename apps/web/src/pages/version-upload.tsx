import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { PreviousUpload } from 'tus-js-client';
import { formatBytes } from '../lib/format.ts';
import { uploadManager, useUploadState } from '../lib/upload-manager.ts';
import { formatEta, formatSpeed } from '../lib/upload-speed.ts';

/**
 * A deliverable's "Upload version" control: a real progress bar (percent, speed, time left),
 * pause/resume, and resume after a page reload (tus keeps the upload URL in localStorage under
 * our fingerprint; picking the same file again continues where the server stopped). The upload
 * itself runs in uploadManager, so it carries on while the producer moves around the app.
 */
export function VersionUpload({
  deliverableId,
  deliverableTitle,
}: {
  deliverableId: string;
  deliverableTitle: string;
}) {
  const qc = useQueryClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const state = useUploadState(deliverableId);
  const [interrupted, setInterrupted] = useState<PreviousUpload[]>([]);
  const phase = state?.phase;

  // Re-read the resume keys whenever this deliverable's upload changes phase.
  useEffect(() => {
    let live = true;
    void uploadManager.interrupted(deliverableId).then((list) => {
      if (live) setInterrupted(phase === 'uploading' ? [] : list);
    });
    return () => {
      live = false;
    };
  }, [deliverableId, phase]);

  const start = (file: File) =>
    void uploadManager.start(deliverableId, file, () => {
      void qc.invalidateQueries({ queryKey: ['versions', deliverableId] });
      void qc.invalidateQueries({ queryKey: ['deliverables'] });
      void qc.invalidateQueries({ queryKey: ['activity'] });
    });

  const discard = async (u: PreviousUpload) => {
    await uploadManager.discard(u);
    setInterrupted(await uploadManager.interrupted(deliverableId));
  };

  const pct = state && state.total > 0 ? Math.floor((state.sent / state.total) * 100) : 0;
  const eta = state?.bps && state.bps > 0 ? (state.total - state.sent) / state.bps : null;

  return (
    <div className="upload">
      <div className="upload__row">
        <label className="btn btn--small btn--primary upload__pick">
          Upload version
          <input
            ref={inputRef}
            type="file"
            className="sr-only"
            aria-label={`Upload a version of ${deliverableTitle}`}
            accept="video/*,audio/*,.mov,.mxf,.wav,.mp4,.m4a"
            disabled={phase === 'uploading'}
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) start(f);
            }}
          />
        </label>
        {phase === 'uploading' ? (
          <button type="button" className="btn btn--small" onClick={() => uploadManager.pause(deliverableId)}>
            Pause upload
          </button>
        ) : null}
        {phase === 'paused' ? (
          <button
            type="button"
            className="btn btn--small"
            onClick={() => uploadManager.resume(deliverableId)}
          >
            Resume upload
          </button>
        ) : null}
        {phase === 'error' && uploadManager.canResume(deliverableId) ? (
          <button
            type="button"
            className="btn btn--small"
            onClick={() => uploadManager.resume(deliverableId)}
          >
            Retry upload
          </button>
        ) : null}
      </div>
      {state ? (
        <div className="upload__progress" aria-live="polite">
          <div className="upload__meta">
            <span className="truncate">{state.fileName}</span>
            {state.resumed ? <span className="badge badge--info">resumed</span> : null}
            <span className="muted">
              {formatBytes(state.sent)} / {formatBytes(state.total)}
            </span>
          </div>
          <progress
            className="progress"
            max={100}
            value={pct}
            aria-label={`Upload of ${state.fileName}`}
            aria-valuetext={`${pct}%`}
          />
          <div className="upload__stats">
            <span data-testid="upload-percent">{pct}%</span>
            {phase === 'uploading' ? (
              <>
                <span>{formatSpeed(state.bps)}</span>
                <span>{formatEta(eta)}</span>
              </>
            ) : null}
            {phase === 'paused' ? <span className="muted">Paused</span> : null}
            {phase === 'done' ? <span className="ok">Uploaded</span> : null}
          </div>
        </div>
      ) : null}
      {state?.error ? (
        <div className="notice notice--error" role="alert">
          {state.error}
        </div>
      ) : null}
      {interrupted.length > 0 ? (
        <ul className="upload__interrupted" aria-label="Interrupted uploads">
          {interrupted.map((u) => (
            <li key={u.urlStorageKey}>
              <span>
                Interrupted upload of <strong>{u.metadata.filename ?? 'a file'}</strong>
                {u.size ? ` (${formatBytes(u.size)})` : ''}: choose the same file again to continue where it
                stopped.
              </span>
              <button type="button" className="btn btn--small" onClick={() => inputRef.current?.click()}>
                Choose file
              </button>
              <button type="button" className="btn btn--small btn--ghost" onClick={() => void discard(u)}>
                Discard
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

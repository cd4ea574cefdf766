import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { defaultOptions, type PreviousUpload, Upload } from 'tus-js-client';
import { CSRF_HEADER, csrfToken } from '../api/api-client.ts';
import { formatBytes } from '../lib/format.ts';
import { formatEta, formatSpeed, SpeedMeter } from '../lib/upload-speed.ts';

type Phase = 'idle' | 'uploading' | 'paused' | 'done' | 'error';

interface Progress {
  sent: number;
  total: number;
  bps: number | null;
}

const CHUNK_SIZE = 8 * 1024 * 1024;

/**
 * The resume key: same file (name, type, size, mtime) to the same deliverable. tus-js-client's
 * default ignores the deliverable, so picking the same file for another deliverable would
 * otherwise resume the first one's upload.
 */
function fingerprintFor(deliverableId: string, file: File): string {
  return ['preroll', deliverableId, file.name, file.type, file.size, file.lastModified].join('-');
}

/** Tells the server which deliverable the upload belongs to; the tus error body is plain text. */
function tusErrorMessage(err: Error): string {
  const res = (err as { originalResponse?: { getStatus(): number; getBody(): string } | null })
    .originalResponse;
  if (res) {
    const body = res.getBody();
    try {
      const parsed = JSON.parse(body) as { error?: { message?: string } };
      if (parsed.error?.message) return `${parsed.error.message} (HTTP ${res.getStatus()})`;
    } catch {
      // not JSON
    }
    return `${body.trim() || 'Upload failed'} (HTTP ${res.getStatus()})`;
  }
  return err.message.split('\n')[0] ?? 'Upload failed';
}

/**
 * Uploads a version with the tus protocol: a real progress bar (percent, speed, time left),
 * pause/resume, and resume after a page reload (tus keeps the upload URL in localStorage under
 * our fingerprint; picking the same file again continues where the server stopped).
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
  const uploadRef = useRef<Upload | null>(null);
  const meter = useRef(new SpeedMeter());
  const [phase, setPhase] = useState<Phase>('idle');
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<Progress>({ sent: 0, total: 0, bps: null });
  const [error, setError] = useState<string | null>(null);
  const [resumed, setResumed] = useState(false);
  const [interrupted, setInterrupted] = useState<PreviousUpload[]>([]);

  const refreshInterrupted = useCallback(async () => {
    const all = await defaultOptions.urlStorage.findAllUploads();
    setInterrupted(all.filter((u) => u.metadata.deliverable_id === deliverableId));
  }, [deliverableId]);

  useEffect(() => {
    void refreshInterrupted();
    return () => {
      // Leaving the page pauses (keeps the server's partial file and our resume key).
      void uploadRef.current?.abort(false);
    };
  }, [refreshInterrupted]);

  const start = async (f: File) => {
    setFile(f);
    setError(null);
    setResumed(false);
    meter.current.reset();
    setProgress({ sent: 0, total: f.size, bps: null });
    const upload = new Upload(f, {
      endpoint: '/api/v1/uploads',
      chunkSize: CHUNK_SIZE,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      metadata: {
        deliverable_id: deliverableId,
        filename: f.name,
        filetype: f.type || 'application/octet-stream',
      },
      fingerprint: async (file) => fingerprintFor(deliverableId, file as File),
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onBeforeRequest: (req) => {
        // Read the cookie per request: a new login rotates the CSRF token mid-upload.
        const token = csrfToken();
        if (token) req.setHeader(CSRF_HEADER, token);
        const xhr = req.getUnderlyingObject() as XMLHttpRequest | undefined;
        if (xhr && 'withCredentials' in xhr) xhr.withCredentials = true;
      },
      onProgress: (sent, total) => {
        meter.current.add(sent);
        setProgress({ sent, total, bps: meter.current.bytesPerSecond() });
      },
      onError: (err) => {
        setPhase('error');
        setError(tusErrorMessage(err));
        void refreshInterrupted();
      },
      onSuccess: () => {
        setPhase('done');
        uploadRef.current = null;
        void refreshInterrupted();
        void qc.invalidateQueries({ queryKey: ['versions', deliverableId] });
        void qc.invalidateQueries({ queryKey: ['deliverables'] });
        void qc.invalidateQueries({ queryKey: ['activity'] });
      },
    });
    uploadRef.current = upload;
    const previous = await upload.findPreviousUploads();
    const last = previous[0];
    if (last) {
      upload.resumeFromPreviousUpload(last);
      setResumed(true);
    }
    setPhase('uploading');
    upload.start();
  };

  const pause = () => {
    void uploadRef.current?.abort(false);
    setPhase('paused');
    void refreshInterrupted();
  };
  const resume = () => {
    meter.current.reset();
    uploadRef.current?.start();
    setPhase('uploading');
  };
  const discard = async (u: PreviousUpload) => {
    await defaultOptions.urlStorage.removeUpload(u.urlStorageKey);
    void refreshInterrupted();
  };

  const pct = progress.total > 0 ? Math.floor((progress.sent / progress.total) * 100) : 0;
  const eta = progress.bps && progress.bps > 0 ? (progress.total - progress.sent) / progress.bps : null;
  const busy = phase === 'uploading' || phase === 'paused';

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
              if (f) void start(f);
            }}
          />
        </label>
        {phase === 'uploading' ? (
          <button type="button" className="btn btn--small" onClick={pause}>
            Pause upload
          </button>
        ) : null}
        {phase === 'paused' ? (
          <button type="button" className="btn btn--small" onClick={resume}>
            Resume upload
          </button>
        ) : null}
        {phase === 'error' && uploadRef.current ? (
          <button type="button" className="btn btn--small" onClick={resume}>
            Retry upload
          </button>
        ) : null}
      </div>
      {file && phase !== 'idle' ? (
        <div className="upload__progress" aria-live="polite">
          <div className="upload__meta">
            <span className="truncate">{file.name}</span>
            {resumed ? <span className="badge badge--info">resumed</span> : null}
            <span className="muted">
              {formatBytes(progress.sent)} / {formatBytes(progress.total)}
            </span>
          </div>
          <progress
            className="progress"
            max={100}
            value={pct}
            aria-label={`Upload of ${file.name}`}
            aria-valuetext={`${pct}%`}
          />
          <div className="upload__stats">
            <span data-testid="upload-percent">{phase === 'done' ? '100' : pct}%</span>
            {phase === 'uploading' ? (
              <>
                <span>{formatSpeed(progress.bps)}</span>
                <span>{formatEta(eta)}</span>
              </>
            ) : null}
            {phase === 'paused' ? <span className="muted">Paused</span> : null}
            {phase === 'done' ? <span className="ok">Uploaded</span> : null}
          </div>
        </div>
      ) : null}
      {error ? (
        <div className="notice notice--error" role="alert">
          {error}
        </div>
      ) : null}
      {!busy && interrupted.length > 0 ? (
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

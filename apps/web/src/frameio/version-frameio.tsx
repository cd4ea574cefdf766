import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../api/api-client.ts';
import { CopyButton } from '../components/copy-button.tsx';
import { ErrorNotice } from '../components/form-controls.tsx';
import { formatBytes, formatDateTime, formatDateTimeWithYear } from '../lib/format.ts';
import { formatEta, formatSpeed } from '../lib/upload-speed.ts';
import { frameioProgress, useFrameioProgress } from './frameio-progress.ts';
import { frameioVersionKey, useFrameioVersion } from './frameio-queries.ts';
import type { FrameioStatus, FrameioVersionState } from './frameio-types.ts';
import { ReviewLinkForm } from './review-link-form.tsx';

/**
 * A version's Frame.io cell on the Deliverables tab: Send to Frame.io, then a live
 * progress bar (percent, speed, time left from SSE `frameio.upload.progress`), the error with
 * Retry, and finally "In Frame.io" with the file's link and the review link.
 *
 * Nothing shows (no button, no request) unless the organization has a Frame.io connection or
 * review links that still work, and the buttons only while it is active. After a disconnect a
 * version keeps showing its review link, as the client portal does (docs/frameio.md, "Review
 * links after a disconnect").
 */
export function VersionFrameio({
  versionId,
  label,
  connection,
  keptLinks = false,
}: {
  versionId: string;
  /** "v2 of Main cut": makes each button's accessible name unique. */
  label: string;
  connection: FrameioStatus | undefined;
  /** Review links that still work although Frame.io is disconnected: show them. */
  keptLinks?: boolean;
}) {
  const qc = useQueryClient();
  const enabled = connection !== undefined && (connection !== 'disconnected' || keptLinks);
  const state = useFrameioVersion(versionId, enabled);
  const live = useFrameioProgress(versionId);
  const [linkForm, setLinkForm] = useState(false);
  const onState = (s: FrameioVersionState) => qc.setQueryData(frameioVersionKey(versionId), s);
  const send = useMutation({
    mutationFn: () => post<FrameioVersionState>(`/versions/${versionId}/frameio`),
    onSuccess: onState,
  });
  const retry = useMutation({
    mutationFn: () => post<FrameioVersionState>(`/versions/${versionId}/frameio/retry`),
    onSuccess: (s) => {
      frameioProgress.clear(versionId);
      onState(s);
    },
  });
  if (!enabled) return null;
  const s = state.data;
  if (!s) return state.isError ? <ErrorNotice error={state.error} /> : null;
  const actionError = send.error ?? retry.error;

  if (s.status === 'not_sent') {
    if (connection !== 'active') return null;
    return (
      <div className="fio">
        <button
          type="button"
          className="btn btn--small"
          disabled={send.isPending}
          aria-label={`Send ${label} to Frame.io`}
          onClick={() => send.mutate()}
        >
          Send to Frame.io
        </button>
        <ErrorNotice error={actionError} />
      </div>
    );
  }

  if (connection === 'disconnected' && !(s.status === 'uploaded' || s.status === 'transcoded')) return null;
  if (s.status === 'uploaded' || s.status === 'transcoded') {
    return (
      <section className="fio" aria-label={`Frame.io: ${label}`} data-frameio-status={s.status}>
        <div className="fio__row">
          <span className="badge badge--ok">In Frame.io</span>
          {s.status === 'uploaded' ? <span className="muted">processing in Frame.io…</span> : null}
          {s.view_url ? (
            <a
              href={s.view_url}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={`Open ${label} in Frame.io`}
            >
              Open in Frame.io
            </a>
          ) : null}
        </div>
        {s.review_link ? (
          <div className="fio__row">
            <span className="muted">Review link</span>
            <a
              href={s.review_link.short_url}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="frameio-review-link"
              aria-label={`Review link for ${label}`}
            >
              {s.review_link.short_url}
            </a>
            <CopyButton value={s.review_link.short_url} label={`Copy review link for ${label}`} />
            {s.review_link.passphrase_protected ? (
              <span className="badge badge--muted">passphrase</span>
            ) : null}
            {s.review_link.downloads_enabled ? <span className="badge badge--muted">downloads</span> : null}
            {s.review_link.expires_at ? (
              <span className="muted" data-testid="frameio-review-link-expiry">
                {Date.parse(s.review_link.expires_at) <= Date.now() ? 'expired' : 'expires'}{' '}
                {formatDateTimeWithYear(s.review_link.expires_at)}
              </span>
            ) : null}
          </div>
        ) : (
          <div className="fio__row muted">Creating the review link…</div>
        )}
        {connection === 'disconnected' && s.review_link ? (
          <div className="fio__row muted small">
            Frame.io is disconnected. This link still works for the client; reconnect to change it.
          </div>
        ) : null}
        {s.review_link && !linkForm && connection === 'active' ? (
          <button
            type="button"
            className="btn btn--small btn--ghost"
            aria-label={`New review link for ${label}`}
            onClick={() => setLinkForm(true)}
          >
            Link settings…
          </button>
        ) : null}
        {linkForm ? (
          <ReviewLinkForm versionId={versionId} label={label} onDone={() => setLinkForm(false)} />
        ) : null}
      </section>
    );
  }

  // queued, uploading, waiting_for_reconnect, failed
  const fresh = live && live.bytes_done >= s.bytes_done ? live : undefined;
  const bytes = fresh?.bytes_done ?? s.bytes_done;
  const total = fresh?.file_size ?? s.file_size;
  const pct = total > 0 ? Math.min(100, Math.floor((bytes / total) * 1000) / 10) : 0;
  const failed = s.status === 'failed';
  const waiting = s.status === 'waiting_for_reconnect';
  // The row may still hold `queued` from Send's answer when the first progress event arrives.
  const uploading = s.status === 'uploading' || (s.status === 'queued' && fresh !== undefined);
  return (
    <section className="fio" aria-label={`Frame.io: ${label}`} data-frameio-status={s.status}>
      <div className="fio__row">
        <span className={`badge badge--${failed ? 'bad' : waiting ? 'warn' : 'info'}`}>
          {failed
            ? 'Frame.io upload failed'
            : waiting
              ? 'Waiting for Frame.io'
              : uploading
                ? 'Uploading to Frame.io'
                : 'Queued for Frame.io'}
        </span>
        <span className="muted">
          {formatBytes(bytes)} / {formatBytes(total)}
        </span>
      </div>
      {/* No bar before the first byte unless the upload is under way (failed, waiting, queued). */}
      {bytes === 0 && !uploading ? null : (
        <>
          <progress
            className="progress"
            max={100}
            value={pct}
            aria-label={`Frame.io upload of ${label}`}
            aria-valuetext={`${pct}%`}
          />
          <div className="fio__stats">
            <span data-testid="frameio-percent">{pct}%</span>
            {uploading && fresh ? (
              <>
                <span data-testid="frameio-speed">{formatSpeed(fresh.speed_bps)}</span>
                <span data-testid="frameio-eta">{formatEta(fresh.eta_seconds)}</span>
              </>
            ) : null}
          </div>
        </>
      )}
      {s.error ? (
        <div className={failed ? 'fio__error' : 'warn'} role={failed ? 'alert' : 'status'}>
          <span>{s.error.message}</span> <code className="notice__code">{s.error.code}</code>
          {s.error.action ? <div className="fio__action">{s.error.action}</div> : null}
          {s.retry_at && !failed ? (
            <span className="muted"> Continues at {formatDateTime(s.retry_at)}.</span>
          ) : null}
        </div>
      ) : null}
      {failed ? (
        <button
          type="button"
          className="btn btn--small"
          disabled={retry.isPending}
          aria-label={`Retry sending ${label} to Frame.io`}
          onClick={() => retry.mutate()}
        >
          Retry
        </button>
      ) : null}
      <ErrorNotice error={actionError} />
    </section>
  );
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../api/api-client.ts';
import type { Version } from '../api/types.ts';
import { ErrorNotice } from '../components/form-controls.tsx';
import { formatEta } from '../lib/upload-speed.ts';

const STAGES = {
  analysing: 'Analysing',
  transcoding: 'Making the playback copy',
  previews: 'Making previews',
};

/**
 * Where a version is in the media pipeline: the running step with percent and time left (live
 * over `version.processing` events), a proxy waiting its turn, or a failed proxy with its reason
 * and Retry (team members). Renders nothing once the version plays.
 */
export function VersionProcessing({ version, canRetry }: { version: Version; canRetry: boolean }) {
  const qc = useQueryClient();
  const retry = useMutation({
    mutationFn: () => post<Version>(`/versions/${version.id}/proxy/retry`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['version', version.id] });
      void qc.invalidateQueries({ queryKey: ['versions'] });
    },
  });
  const p = version.processing;
  if (p) {
    const percent = p.percent === null ? null : Math.round(p.percent);
    return (
      <div className="version-processing" role="status">
        <span>{STAGES[p.stage]}</span>
        {percent !== null ? (
          <progress max={100} value={percent} aria-label={`${STAGES[p.stage]}: ${percent}%`} />
        ) : null}
        <span className="muted small">
          {percent !== null ? `${percent}%` : ''}
          {p.eta_seconds !== null ? ` · ${formatEta(p.eta_seconds)} left` : ''}
        </span>
      </div>
    );
  }
  if (version.proxy_status === 'pending' || version.proxy_status === 'processing') {
    return (
      <div className="version-processing muted small" role="status">
        Waiting to make the playback copy…
      </div>
    );
  }
  if (version.proxy_status === 'failed') {
    return (
      <div className="version-processing" role="alert">
        <span className="bad small">{version.proxy_error ?? 'The playback copy could not be made.'}</span>
        {canRetry ? (
          <button
            type="button"
            className="btn btn--small"
            disabled={retry.isPending}
            onClick={() => retry.mutate()}
          >
            Retry
          </button>
        ) : null}
        <ErrorNotice error={retry.error} />
      </div>
    );
  }
  return null;
}

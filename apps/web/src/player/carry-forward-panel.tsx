import type { CarryApplyResult, CarryForwardResult, CarryProposal } from '@preroll/contracts/carry-forward';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getData, post } from '../api/api-client.ts';
import { ErrorNotice } from '../components/form-controls.tsx';

const LABEL_TEXT: Record<CarryProposal['label'], string> = {
  same: 'same place',
  moved: 'moved',
  needs_check: 'check',
  removed: 'removed',
};

export const carryForwardKey = (versionId: string) => ['carry-forward', versionId];

/**
 * "Carry notes from v1" (team only): opening it starts the alignment of this version with the one
 * before (docs/editors.md, "Carrying notes to the next version"); while it runs the bar follows
 * its progress (live events refetch); then each open note of the earlier version is listed with
 * its label, old → new timecode and confidence, to apply one by one or all at once. Applying twice
 * adds nothing.
 */
export function CarryForwardPanel(props: {
  versionId: string;
  fromNumber: number;
  onSeek: (frame: number) => void;
}) {
  const { versionId } = props;
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const state = useQuery({
    queryKey: carryForwardKey(versionId),
    queryFn: () => getData<CarryForwardResult>(`/versions/${versionId}/carry-forward`),
    enabled: open,
    // Progress events refetch at once; the poll is the fallback when the event stream is down.
    refetchInterval: (q) => {
      const job = q.state.data?.job.state;
      return job === 'queued' || job === 'running' ? 2000 : false;
    },
  });
  const apply = useMutation({
    mutationFn: (body: { all: true } | { proposals: string[] }) =>
      post<CarryApplyResult>(`/versions/${versionId}/carry-forward`, body),
    onSuccess: (result) => {
      qc.setQueryData(carryForwardKey(versionId), result);
      void qc.invalidateQueries({ queryKey: ['comments', versionId] });
    },
  });
  const data = state.data;
  const computing = data && (data.job.state === 'queued' || data.job.state === 'running');
  const pending = data?.proposals.filter((p) => p.to !== null && p.applied_comment_id === null) ?? [];

  return (
    <section className="carry panel" aria-label={`Carry notes from v${props.fromNumber}`}>
      <button
        type="button"
        className="carry__toggle btn btn--ghost btn--small"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? '▾' : '▸'} Carry notes from v{data?.from_version.number ?? props.fromNumber}
      </button>
      {open ? (
        <div className="carry__body">
          <ErrorNotice error={state.error ?? apply.error} />
          {computing ? (
            <div className="carry__progress" role="status">
              <progress
                className="progress"
                max={1}
                value={data.job.progress}
                aria-label="Aligning the versions"
              />
              <span className="muted small">Aligning… {Math.round(data.job.progress * 100)}%</span>
            </div>
          ) : null}
          {data?.job.state === 'failed' ? <p className="notice">{data.job.error}</p> : null}
          {data?.job.state === 'done' ? (
            data.proposals.length === 0 ? (
              <p className="muted small">v{data.from_version.number} has no open notes to carry.</p>
            ) : (
              <>
                <div className="carry__actions">
                  <span className="muted small">
                    {data.counts.moved} moved · {data.counts.same} same · {data.counts.needs_check} to check ·{' '}
                    {data.counts.removed} removed
                  </span>
                  <button
                    type="button"
                    className="btn btn--primary btn--small"
                    disabled={pending.length === 0 || apply.isPending}
                    onClick={() => apply.mutate({ all: true })}
                  >
                    Apply all ({pending.length})
                  </button>
                </div>
                <ul className="carry__list" aria-label="Proposals">
                  {data.proposals.map((p) => (
                    <ProposalRow
                      key={p.id}
                      proposal={p}
                      busy={apply.isPending}
                      onApply={() => apply.mutate({ proposals: [p.id] })}
                      onSeek={props.onSeek}
                    />
                  ))}
                </ul>
              </>
            )
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function ProposalRow(props: {
  proposal: CarryProposal;
  busy: boolean;
  onApply: () => void;
  onSeek: (f: number) => void;
}) {
  const p = props.proposal;
  const confidence = `${Math.round(p.confidence * 100)}%`;
  return (
    <li className="carry__item" data-label={p.label} data-testid="carry-proposal">
      <div className="carry__line">
        <span className={`badge carry__label carry__label--${p.label}`}>{LABEL_TEXT[p.label]}</span>
        <span className="chip">{p.from.timecode}</span>
        <span aria-hidden="true">→</span>
        {p.to ? (
          <button
            type="button"
            className="chip chip--button"
            aria-label={`Seek to ${p.to.timecode}`}
            onClick={() => props.onSeek(p.to!.frame)}
          >
            {p.to.timecode}
          </button>
        ) : (
          <span className="muted small">gone</span>
        )}
        {p.offset_frames ? (
          <span className="muted small">
            {p.offset_frames > 0 ? '+' : ''}
            {p.offset_frames} fr
          </span>
        ) : null}
        <span className="muted small" title={`Best match by ${p.method ?? 'nothing'}`}>
          {confidence}
        </span>
      </div>
      <p className="carry__text">{p.body}</p>
      <div className="carry__line">
        <span className="muted small">{p.author_name}</span>
        {p.applied_comment_id ? (
          <span className="badge badge--muted">Applied</span>
        ) : p.to ? (
          <button
            type="button"
            className="btn btn--small"
            disabled={props.busy}
            onClick={props.onApply}
            aria-label={`Apply: ${p.body.slice(0, 60)}`}
          >
            Apply
          </button>
        ) : null}
      </div>
    </li>
  );
}

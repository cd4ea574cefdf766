import { TITLE_MAX } from '@preroll/contracts/limits';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { del, getPage, patch, post } from '../api/api-client.ts';
import { usePagedList } from '../api/queries.ts';
import {
  DELIVERABLE_KINDS,
  type Deliverable,
  type Version,
  versionFilename,
  versionSize,
} from '../api/types.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import {
  EmptyState,
  ErrorNotice,
  Field,
  FormError,
  LoadMore,
  Spinner,
} from '../components/form-controls.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useFrameioCard } from '../frameio/frameio-queries.ts';
import { ResyncButton } from '../frameio/resync-button.tsx';
import { VersionFrameio } from '../frameio/version-frameio.tsx';
import { dateOrNull, formatBytes, formatDate, formatDuration, text } from '../lib/format.ts';
import { VersionPoster } from '../media/version-poster.tsx';
import { VersionProcessing } from '../media/version-processing.tsx';
import { WatchToggle } from '../notifications/notification-settings.tsx';
import { VersionUpload } from './version-upload.tsx';

interface DeliverableInput {
  title: string;
  kind: string;
  due_date: string | null;
}

function DeliverableForm(props: {
  initial?: Deliverable;
  submitLabel: string;
  error: unknown;
  pending: boolean;
  onSubmit: (v: DeliverableInput) => void;
  onCancel: () => void;
}) {
  const { initial, error } = props;
  return (
    <form
      className="form form--inline"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        props.onSubmit({
          title: text(f.get('title')),
          kind: text(f.get('kind')),
          due_date: dateOrNull(f.get('due_date')),
        });
      }}
    >
      <FormError error={error} fields={['title', 'kind', 'due_date']} />
      <Field label="Deliverable title" name="title" error={error}>
        {(p) => <input {...p} defaultValue={initial?.title ?? ''} maxLength={TITLE_MAX} required />}
      </Field>
      <Field label="Kind" name="kind" error={error}>
        {(p) => (
          <select {...p} defaultValue={initial?.kind ?? 'cut'}>
            {DELIVERABLE_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Due date" name="due_date" error={error}>
        {(p) => <input {...p} type="date" defaultValue={initial?.due_date ?? ''} />}
      </Field>
      <button type="submit" className="btn btn--primary" disabled={props.pending}>
        {props.submitLabel}
      </button>
      <button type="button" className="btn btn--ghost" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  );
}

export function DeliverablesTab({ episodeId }: { episodeId: string }) {
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const list = usePagedList<Deliverable>(['deliverables', episodeId], '/deliverables', {
    episode_id: episodeId,
  });
  const create = useMutation({
    mutationFn: (body: DeliverableInput) => post<Deliverable>(`/episodes/${episodeId}/deliverables`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['deliverables', episodeId] });
      void qc.invalidateQueries({ queryKey: ['activity', episodeId] });
      setCreating(false);
    },
  });
  return (
    <div>
      <div className="panel__header">
        <h2 className="sr-only">Deliverables</h2>
        <button
          type="button"
          className="btn btn--primary btn--small"
          onClick={() => setCreating((v) => !v)}
          aria-expanded={creating}
        >
          Add deliverable
        </button>
      </div>
      {creating ? (
        <section className="panel" aria-label="New deliverable">
          <DeliverableForm
            submitLabel="Create deliverable"
            error={create.error}
            pending={create.isPending}
            onSubmit={(v) => create.mutate(v)}
            onCancel={() => setCreating(false)}
          />
        </section>
      ) : null}
      {list.isPending ? (
        <Spinner />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        <EmptyState>No deliverables yet. Add a cut, mix or trailer, then upload a version.</EmptyState>
      ) : (
        <div className="cards">
          {list.items.map((d) => (
            <DeliverableCard key={d.id} deliverable={d} />
          ))}
        </div>
      )}
      <LoadMore {...list} />
    </div>
  );
}

function DeliverableCard({ deliverable: d }: { deliverable: Deliverable }) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const refreshLists = () => {
    void qc.invalidateQueries({ queryKey: ['deliverables'] });
    void qc.invalidateQueries({ queryKey: ['activity'] });
  };
  const update = useMutation({
    mutationFn: (body: DeliverableInput) => patch<Deliverable>(`/deliverables/${d.id}`, body),
    onSuccess: () => {
      setEditing(false);
      refreshLists();
    },
  });
  const remove = useMutation({ mutationFn: () => del(`/deliverables/${d.id}`), onSuccess: refreshLists });
  const versions = useQuery({
    queryKey: ['versions', d.id],
    queryFn: () => getPage<Version>(`/deliverables/${d.id}/versions`, { limit: 50 }),
    // Poll only while a version is still being processed; SSE `version.*` events also refresh it.
    refetchInterval: (q) =>
      q.state.data?.data.some(
        (v) => v.status === 'processing' || v.proxy_status === 'pending' || v.proxy_status === 'processing',
      )
        ? 2000
        : false,
  });
  const action = useMutation({
    mutationFn: (kind: 'submit') => post<Deliverable>(`/deliverables/${d.id}/${kind}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['deliverables'] });
      void qc.invalidateQueries({ queryKey: ['activity'] });
    },
  });
  const downloads = useMutation({
    mutationFn: (on: boolean) => patch<Deliverable>(`/deliverables/${d.id}`, { client_may_download: on }),
    onSuccess: refreshLists,
  });
  const rows = [...(versions.data?.data ?? [])].sort((a, b) => b.number - a.number);
  // One cached request for the whole tab; the Frame.io column exists only with a connection.
  const card = useFrameioCard().data;
  const frameio = card?.status;
  // Disconnected: review links that still work stay listed, as in the client portal.
  const keptLinks = frameio === 'disconnected' && (card?.live_review_links ?? 0) > 0;
  const withFrameio = frameio !== undefined && (frameio !== 'disconnected' || keptLinks);
  const hasReady = rows.some((v) => v.status === 'ready');
  return (
    <article className="card" aria-label={`Deliverable ${d.title}`}>
      <header className="card__header">
        <h3>{d.title}</h3>
        <span className="badge badge--muted">{d.kind}</span>
        <StatusBadge status={d.status} />
        <span className="muted">Due {formatDate(d.due_date)}</span>
        <label className="small">
          <input
            type="checkbox"
            checked={d.client_may_download === true}
            disabled={downloads.isPending}
            onChange={(e) => downloads.mutate(e.target.checked)}
          />{' '}
          Client may download the original
        </label>
        <WatchToggle subject="deliverable" id={d.id} label={d.title} />
        <span className="card__spacer" />
        {d.status === 'draft' ? (
          <ConfirmButton
            tone="primary"
            label="Submit for review"
            confirmLabel="Yes, send to the client"
            disabled={action.isPending || !hasReady}
            title={hasReady ? 'Send to the client for review' : 'Upload a version first'}
            onConfirm={() => action.mutate('submit')}
          />
        ) : null}
        {d.status === 'revision_requested' ? (
          <ConfirmButton
            tone="primary"
            label="Resubmit"
            confirmLabel="Yes, resubmit to the client"
            disabled={action.isPending}
            onConfirm={() => action.mutate('submit')}
          />
        ) : null}
        {frameio === 'active' && rows.length > 0 ? (
          <ResyncButton deliverableId={d.id} title={d.title} />
        ) : null}
        <button
          type="button"
          className="btn btn--small btn--ghost"
          aria-label={`Edit ${d.title}`}
          aria-expanded={editing}
          onClick={() => setEditing((v) => !v)}
        >
          Edit
        </button>
        <ConfirmButton
          label="Delete"
          ariaLabel={`Delete ${d.title}`}
          onConfirm={() => remove.mutate()}
          disabled={remove.isPending}
        />
      </header>
      {editing ? (
        <DeliverableForm
          initial={d}
          submitLabel="Save deliverable"
          error={update.error}
          pending={update.isPending}
          onSubmit={(v) => update.mutate(v)}
          onCancel={() => setEditing(false)}
        />
      ) : null}
      <ErrorNotice error={action.error ?? remove.error} />
      <VersionUpload deliverableId={d.id} deliverableTitle={d.title} />
      {versions.isPending ? (
        <Spinner label="Loading versions" />
      ) : versions.isError ? (
        <ErrorNotice error={versions.error} onRetry={() => void versions.refetch()} />
      ) : rows.length === 0 ? (
        <p className="muted small">No versions yet.</p>
      ) : (
        <table className="table table--compact" aria-label={`Versions of ${d.title}`}>
          <thead>
            <tr>
              <th>Version</th>
              <th>File</th>
              <th>Status</th>
              <th>Rate</th>
              <th>Duration</th>
              <th>Size</th>
              {withFrameio ? <th>Frame.io</th> : null}
              <th>
                <span className="sr-only">Review</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((v) => (
              <tr key={v.id}>
                <td>
                  <VersionPoster version={v} label={`v${v.number} of ${d.title}`} /> v{v.number}
                </td>
                <td className="truncate">{versionFilename(v)}</td>
                <td>
                  <StatusBadge status={v.status} />
                  <VersionProcessing version={v} canRetry />
                </td>
                <td className="muted">{v.frame_rate_label ? `${v.frame_rate_label} fps` : '—'}</td>
                <td className="muted">{formatDuration(v.duration_seconds)}</td>
                <td className="muted">{formatBytes(versionSize(v))}</td>
                {withFrameio ? (
                  <td>
                    {v.status === 'ready' ? (
                      <VersionFrameio
                        versionId={v.id}
                        label={`v${v.number} of ${d.title}`}
                        connection={frameio}
                        keptLinks={keptLinks}
                      />
                    ) : null}
                  </td>
                ) : null}
                <td className="table__actions">
                  {v.status === 'ready' ? (
                    <Link
                      className="btn btn--small"
                      to={`/versions/${v.id}`}
                      aria-label={`Review v${v.number} of ${d.title}`}
                    >
                      Review
                    </Link>
                  ) : v.status === 'failed' ? (
                    <span className="bad small">{v.probe_error ?? 'Could not read this file'}</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { del, getData, patch, post } from '../api/api-client.ts';
import { usePagedList } from '../api/queries.ts';
import { type Client, EPISODE_STATUSES, type Episode, type Show } from '../api/types.ts';
import { Breadcrumbs } from '../components/breadcrumbs.tsx';
import { EditDeleteActions } from '../components/edit-delete-actions.tsx';
import { EmptyState, ErrorNotice, LoadMore, Spinner } from '../components/form-controls.tsx';
import { StatusBadge, statusLabel } from '../components/status-badge.tsx';
import { formatDate } from '../lib/format.ts';
import { WatchToggle } from '../notifications/notification-settings.tsx';
import { EpisodeForm, type EpisodeInput } from './episode-form.tsx';
import { ShowForm, type ShowInput } from './show-form.tsx';

export function ShowPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const statusFilter = params.get('status') ?? '';
  const [editing, setEditing] = useState(false);
  const [creating, setCreating] = useState(false);
  const show = useQuery({ queryKey: ['show', id], queryFn: () => getData<Show>(`/shows/${id}`) });
  const clientId = show.data?.client_id;
  const client = useQuery({
    queryKey: ['client', clientId],
    queryFn: () => getData<Client>(`/clients/${clientId}`),
    enabled: Boolean(clientId),
  });
  const episodes = usePagedList<Episode>(['episodes'], '/episodes', {
    show_id: id,
    status: statusFilter || undefined,
  });
  const update = useMutation({
    mutationFn: (body: ShowInput) => patch<Show>(`/shows/${id}`, body),
    onSuccess: (s) => {
      qc.setQueryData(['show', id], s);
      void qc.invalidateQueries({ queryKey: ['shows'] });
      setEditing(false);
    },
  });
  const remove = useMutation({
    mutationFn: () => del(`/shows/${id}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['shows'] });
      navigate(clientId ? `/clients/${clientId}` : '/clients');
    },
  });
  const create = useMutation({
    mutationFn: (body: EpisodeInput) => post<Episode>(`/shows/${id}/episodes`, body),
    onSuccess: (ep) => {
      void qc.invalidateQueries({ queryKey: ['episodes'] });
      navigate(`/episodes/${ep.id}`);
    },
  });

  if (show.isPending) return <Spinner />;
  if (show.isError) return <ErrorNotice error={show.error} onRetry={() => void show.refetch()} />;
  const s = show.data;
  return (
    <div className="page">
      <Breadcrumbs
        items={[
          { label: 'Clients', to: '/clients' },
          { label: client.data?.name ?? 'Client', to: `/clients/${s.client_id}` },
          { label: s.title },
        ]}
      />
      <div className="page__header">
        <h1>{s.title}</h1>
        <WatchToggle subject="show" id={s.id} label={s.title} />
        <EditDeleteActions
          noun="show"
          editing={editing}
          onToggleEdit={() => setEditing((v) => !v)}
          onDelete={() => remove.mutate()}
          deleting={remove.isPending}
        />
      </div>
      <ErrorNotice error={remove.error} />
      {editing ? (
        <section className="panel" aria-label="Edit show">
          <ShowForm
            initial={s}
            submitLabel="Save show"
            error={update.error}
            pending={update.isPending}
            onSubmit={(v) => update.mutate(v)}
            onCancel={() => setEditing(false)}
          />
        </section>
      ) : s.description ? (
        <p className="prewrap muted">{s.description}</p>
      ) : null}

      <section className="panel" aria-labelledby="episodes-h">
        <div className="panel__header">
          <h2 id="episodes-h">Episodes</h2>
          <label className="inline-label">
            Status
            <select
              value={statusFilter}
              onChange={(e) => {
                const next = new URLSearchParams(params);
                if (e.target.value) next.set('status', e.target.value);
                else next.delete('status');
                setParams(next, { replace: true });
              }}
            >
              <option value="">All</option>
              {EPISODE_STATUSES.map((st) => (
                <option key={st} value={st}>
                  {statusLabel(st)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="btn btn--primary btn--small"
            onClick={() => setCreating((v) => !v)}
            aria-expanded={creating}
          >
            New episode
          </button>
        </div>
        {creating ? (
          <EpisodeForm
            submitLabel="Create episode"
            error={create.error}
            pending={create.isPending}
            onSubmit={(v) => create.mutate(v)}
            onCancel={() => setCreating(false)}
          />
        ) : null}
        {episodes.isPending ? (
          <Spinner />
        ) : episodes.isError ? (
          <ErrorNotice error={episodes.error} onRetry={() => void episodes.refetch()} />
        ) : episodes.items.length === 0 ? (
          <EmptyState>No episodes{statusFilter ? ' with this status' : ''} yet.</EmptyState>
        ) : (
          <table className="table table--rows">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>Title</th>
                <th>Status</th>
                <th>Air date</th>
              </tr>
            </thead>
            <tbody>
              {episodes.items.map((ep) => (
                <tr key={ep.id}>
                  <td className="num muted">{ep.number ?? ''}</td>
                  <td>
                    <Link to={`/episodes/${ep.id}`}>{ep.title}</Link>
                  </td>
                  <td>
                    <StatusBadge status={ep.status} />
                  </td>
                  <td className="muted">{formatDate(ep.air_date)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <LoadMore {...episodes} label="Load more episodes" />
      </section>
    </div>
  );
}

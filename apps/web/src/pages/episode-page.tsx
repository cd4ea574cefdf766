import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { del, getData, patch } from '../api/api-client.ts';
import type { Client, Episode, Show } from '../api/types.ts';
import { Breadcrumbs } from '../components/breadcrumbs.tsx';
import { EditDeleteActions } from '../components/edit-delete-actions.tsx';
import { ErrorNotice, Spinner } from '../components/form-controls.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { formatDate } from '../lib/format.ts';
import { ActivityFeed } from './activity-feed.tsx';
import { DeliverablesTab } from './deliverables-tab.tsx';
import { EpisodeForm, type EpisodeInput } from './episode-form.tsx';

const TABS = [
  { id: 'deliverables', label: 'Deliverables' },
  { id: 'activity', label: 'Activity' },
] as const;

export function EpisodePage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'activity' ? 'activity' : 'deliverables';
  const [editing, setEditing] = useState(false);
  const episode = useQuery({ queryKey: ['episode', id], queryFn: () => getData<Episode>(`/episodes/${id}`) });
  const showId = episode.data?.show_id;
  const show = useQuery({
    queryKey: ['show', showId],
    queryFn: () => getData<Show>(`/shows/${showId}`),
    enabled: Boolean(showId),
  });
  const clientId = show.data?.client_id;
  const client = useQuery({
    queryKey: ['client', clientId],
    queryFn: () => getData<Client>(`/clients/${clientId}`),
    enabled: Boolean(clientId),
  });
  const update = useMutation({
    mutationFn: (body: EpisodeInput) => patch<Episode>(`/episodes/${id}`, body),
    onSuccess: (ep) => {
      qc.setQueryData(['episode', id], ep);
      void qc.invalidateQueries({ queryKey: ['episodes'] });
      setEditing(false);
    },
  });
  const remove = useMutation({
    mutationFn: () => del(`/episodes/${id}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['episodes'] });
      navigate(showId ? `/shows/${showId}` : '/clients');
    },
  });

  if (episode.isPending) return <Spinner />;
  if (episode.isError) return <ErrorNotice error={episode.error} onRetry={() => void episode.refetch()} />;
  const ep = episode.data;
  return (
    <div className="page">
      <Breadcrumbs
        items={[
          { label: 'Clients', to: '/clients' },
          { label: client.data?.name ?? 'Client', to: clientId ? `/clients/${clientId}` : undefined },
          { label: show.data?.title ?? 'Show', to: `/shows/${ep.show_id}` },
          { label: ep.title },
        ]}
      />
      <div className="page__header">
        <h1>
          {ep.number !== null ? <span className="muted">#{ep.number} </span> : null}
          {ep.title}
        </h1>
        <StatusBadge status={ep.status} />
        <span className="muted">Air date {formatDate(ep.air_date)}</span>
        <EditDeleteActions
          noun="episode"
          editing={editing}
          onToggleEdit={() => setEditing((v) => !v)}
          onDelete={() => remove.mutate()}
          deleting={remove.isPending}
        />
      </div>
      <ErrorNotice error={remove.error} />
      {editing ? (
        <section className="panel" aria-label="Edit episode">
          <EpisodeForm
            initial={ep}
            submitLabel="Save episode"
            error={update.error}
            pending={update.isPending}
            onSubmit={(v) => update.mutate(v)}
            onCancel={() => setEditing(false)}
          />
        </section>
      ) : null}
      <div className="tabs" role="tablist" aria-label="Episode">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            className={`tabs__tab${tab === t.id ? ' tabs__tab--active' : ''}`}
            onClick={() => setParams(t.id === 'deliverables' ? {} : { tab: t.id }, { replace: true })}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tabpanel">
        {tab === 'deliverables' ? <DeliverablesTab episodeId={id} /> : <ActivityFeed episodeId={id} />}
      </div>
    </div>
  );
}

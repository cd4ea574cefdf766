import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { del, getData, patch, post } from '../api/api-client.ts';
import { usePagedList } from '../api/queries.ts';
import type { Client, PortalUser, Show } from '../api/types.ts';
import { Breadcrumbs } from '../components/breadcrumbs.tsx';
import { EditDeleteActions } from '../components/edit-delete-actions.tsx';
import {
  EmptyState,
  ErrorNotice,
  Field,
  FormError,
  LoadMore,
  Spinner,
} from '../components/form-controls.tsx';
import { formatDate, text } from '../lib/format.ts';
import { WatchToggle } from '../notifications/notification-settings.tsx';
import { ClientForm, type ClientInput } from './client-form.tsx';
import { ShowForm, type ShowInput } from './show-form.tsx';

export function ClientPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [creating, setCreating] = useState(false);
  const client = useQuery({ queryKey: ['client', id], queryFn: () => getData<Client>(`/clients/${id}`) });
  const shows = usePagedList<Show>(['shows'], '/shows', { client_id: id });
  const update = useMutation({
    mutationFn: (body: ClientInput) => patch<Client>(`/clients/${id}`, body),
    onSuccess: (c) => {
      qc.setQueryData(['client', id], c);
      void qc.invalidateQueries({ queryKey: ['clients'] });
      setEditing(false);
    },
  });
  const remove = useMutation({
    mutationFn: () => del(`/clients/${id}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['clients'] });
      navigate('/clients');
    },
  });
  const createShow = useMutation({
    mutationFn: (body: ShowInput) => post<Show>(`/clients/${id}/shows`, body),
    onSuccess: (show) => {
      void qc.invalidateQueries({ queryKey: ['shows'] });
      navigate(`/shows/${show.id}`);
    },
  });

  if (client.isPending) return <Spinner />;
  if (client.isError) return <ErrorNotice error={client.error} onRetry={() => void client.refetch()} />;
  const c = client.data;
  return (
    <div className="page">
      <Breadcrumbs items={[{ label: 'Clients', to: '/clients' }, { label: c.name }]} />
      <div className="page__header">
        <h1>{c.name}</h1>
        <WatchToggle subject="client" id={c.id} label={c.name} />
        <EditDeleteActions
          noun="client"
          editing={editing}
          onToggleEdit={() => setEditing((v) => !v)}
          onDelete={() => remove.mutate()}
          deleting={remove.isPending}
        />
      </div>
      <ErrorNotice error={remove.error} />
      {editing ? (
        <section className="panel" aria-label="Edit client">
          <ClientForm
            initial={c}
            submitLabel="Save client"
            error={update.error}
            pending={update.isPending}
            onSubmit={(v) => update.mutate(v)}
            onCancel={() => setEditing(false)}
          />
        </section>
      ) : (
        <dl className="facts">
          <dt>Contact</dt>
          <dd>{c.contact_email ?? '—'}</dd>
          <dt>Notes</dt>
          <dd className="prewrap">{c.notes ?? '—'}</dd>
        </dl>
      )}

      <section className="panel" aria-labelledby="shows-h">
        <div className="panel__header">
          <h2 id="shows-h">Shows</h2>
          <button
            type="button"
            className="btn btn--primary btn--small"
            onClick={() => setCreating((v) => !v)}
            aria-expanded={creating}
          >
            New show
          </button>
        </div>
        {creating ? (
          <ShowForm
            submitLabel="Create show"
            error={createShow.error}
            pending={createShow.isPending}
            onSubmit={(v) => createShow.mutate(v)}
            onCancel={() => setCreating(false)}
          />
        ) : null}
        {shows.isPending ? (
          <Spinner />
        ) : shows.isError ? (
          <ErrorNotice error={shows.error} onRetry={() => void shows.refetch()} />
        ) : shows.items.length === 0 ? (
          <EmptyState>No shows for this client yet.</EmptyState>
        ) : (
          <table className="table table--rows">
            <thead>
              <tr>
                <th>Title</th>
                <th>Description</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody>
              {shows.items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/shows/${s.id}`}>{s.title}</Link>
                  </td>
                  <td className="muted truncate">{s.description ?? ''}</td>
                  <td className="muted">{formatDate(s.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <LoadMore {...shows} label="Load more shows" />
      </section>

      <PortalContacts clientId={id} />
    </div>
  );
}

/** Client contacts who may log in to the portal by magic link. */
function PortalContacts({ clientId }: { clientId: string }) {
  const qc = useQueryClient();
  const users = usePagedList<PortalUser>(['portal-users', clientId], `/clients/${clientId}/portal-users`);
  const [sent, setSent] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (body: { email: string; name: string }) =>
      post<PortalUser>(`/clients/${clientId}/portal-users`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['portal-users', clientId] }),
  });
  const send = useMutation({
    mutationFn: (u: PortalUser) => post(`/portal-users/${u.id}/magic-link`),
    onSuccess: (_r, u) => setSent(u.email),
  });
  return (
    <section className="panel" aria-labelledby="portal-h">
      <h2 id="portal-h">Client portal access</h2>
      <p className="muted">
        Contacts log in with a single-use link (valid 15 minutes) and see only this client's submitted
        deliverables.
      </p>
      <ErrorNotice error={send.error} />
      {sent ? (
        <div className="notice notice--ok" role="status">
          Login link sent to {sent}. Without SMTP it waits in the{' '}
          <Link to="/settings/outbox">mail outbox</Link>.
        </div>
      ) : null}
      {users.isError ? <ErrorNotice error={users.error} /> : null}
      {users.items.length > 0 ? (
        <ul className="list">
          {users.items.map((u) => (
            <li key={u.id} className="list__row">
              <span>{u.name}</span>
              <span className="muted">{u.email}</span>
              <span className="list__spacer" />
              <button
                type="button"
                className="btn btn--small"
                aria-label={`Send login link to ${u.email}`}
                disabled={send.isPending}
                onClick={() => send.mutate(u)}
              >
                Send login link
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <LoadMore {...users} />
      <form
        className="form form--inline"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const f = new FormData(form);
          add.mutate(
            { email: text(f.get('email')), name: text(f.get('name')) },
            { onSuccess: () => form.reset() },
          );
        }}
      >
        <FormError error={add.error} fields={['email', 'name']} />
        <Field label="Contact name" name="name" error={add.error}>
          {(p) => <input {...p} />}
        </Field>
        <Field label="Contact email" name="email" error={add.error}>
          {(p) => <input {...p} type="email" />}
        </Field>
        <button type="submit" className="btn" disabled={add.isPending}>
          Add contact
        </button>
      </form>
    </section>
  );
}

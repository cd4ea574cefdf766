import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { post } from '../api/api-client.ts';
import { usePagedList } from '../api/queries.ts';
import type { Client } from '../api/types.ts';
import { EmptyState, ErrorNotice, LoadMore, Spinner } from '../components/form-controls.tsx';
import { formatDate } from '../lib/format.ts';
import { ClientForm, type ClientInput } from './client-form.tsx';

export function ClientsPage() {
  const [creating, setCreating] = useState(false);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const list = usePagedList<Client>(['clients'], '/clients');
  const create = useMutation({
    mutationFn: (body: ClientInput) => post<Client>('/clients', body),
    onSuccess: (client) => {
      void qc.invalidateQueries({ queryKey: ['clients'] });
      navigate(`/clients/${client.id}`);
    },
  });
  return (
    <div className="page">
      <div className="page__header">
        <h1>Clients</h1>
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => setCreating((v) => !v)}
          aria-expanded={creating}
        >
          New client
        </button>
      </div>
      {creating ? (
        <section className="panel" aria-label="New client">
          <ClientForm
            submitLabel="Create client"
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
        <EmptyState>No clients yet. Create your first client to add shows and episodes.</EmptyState>
      ) : (
        <table className="table table--rows">
          <thead>
            <tr>
              <th>Name</th>
              <th>Contact</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/clients/${c.id}`}>{c.name}</Link>
                </td>
                <td className="muted">{c.contact_email ?? '—'}</td>
                <td className="muted">{formatDate(c.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore {...list} label="Load more clients" />
    </div>
  );
}

import { API_KEY_NAME_MAX } from '@preroll/contracts/limits';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, getData, post } from '../api/api-client.ts';
import type { ApiKey } from '../api/types.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { EmptyState, ErrorNotice, Field, FormError, Spinner } from '../components/form-controls.tsx';
import { formatDate, text } from '../lib/format.ts';

/** API keys: created here, shown exactly once (the server keeps only a hash), revocable. */
export function ApiKeysSettings() {
  const qc = useQueryClient();
  const [fresh, setFresh] = useState<ApiKey | null>(null);
  const [copied, setCopied] = useState(false);
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => getData<ApiKey[]>('/api-keys') });
  const create = useMutation({
    mutationFn: (name: string) => post<ApiKey>('/api-keys', { name }),
    onSuccess: (k) => {
      setFresh(k);
      setCopied(false);
      void qc.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => del(`/api-keys/${id}`),
    onSettled: () => qc.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  const active = (keys.data ?? []).filter((k) => !k.revoked_at);
  return (
    <section className="panel" aria-labelledby="keys-h">
      <h2 id="keys-h">API keys</h2>
      <p className="muted small">
        Scripts and integrations call the API with <code>Authorization: Bearer pr_…</code>. A key acts as you
        in this organization.
      </p>
      {fresh?.key ? (
        <div className="notice notice--ok secret" role="status">
          <div>
            <strong>Copy your new key now.</strong> It will not be shown again.
          </div>
          <div className="secret__row">
            <output className="secret__value" aria-label="New API key">
              {fresh.key}
            </output>
            <button
              type="button"
              className="btn btn--small"
              onClick={() => {
                void navigator.clipboard?.writeText(fresh.key ?? '').then(() => setCopied(true));
              }}
            >
              {copied ? 'Copied' : 'Copy key'}
            </button>
            <button type="button" className="btn btn--small btn--ghost" onClick={() => setFresh(null)}>
              Done
            </button>
          </div>
        </div>
      ) : null}
      <form
        className="form form--inline"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          create.mutate(text(new FormData(form).get('name')), { onSuccess: () => form.reset() });
        }}
      >
        <FormError error={create.error} fields={['name']} />
        <Field label="Key name" name="name" error={create.error}>
          {(p) => <input {...p} placeholder="e.g. Render farm" maxLength={API_KEY_NAME_MAX} required />}
        </Field>
        <button type="submit" className="btn btn--primary" disabled={create.isPending}>
          Create key
        </button>
      </form>
      <ErrorNotice error={revoke.error} />
      {keys.isPending ? (
        <Spinner />
      ) : keys.isError ? (
        <ErrorNotice error={keys.error} onRetry={() => void keys.refetch()} />
      ) : active.length === 0 ? (
        <EmptyState>No API keys.</EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Created</th>
              <th>Last used</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {active.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.display_prefix}…</code>
                </td>
                <td className="muted">{formatDate(k.created_at)}</td>
                <td className="muted">{formatDate(k.last_used_at ?? null)}</td>
                <td className="table__actions">
                  <ConfirmButton
                    label="Revoke"
                    ariaLabel={`Revoke ${k.name}`}
                    onConfirm={() => revoke.mutate(k.id)}
                    disabled={revoke.isPending}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

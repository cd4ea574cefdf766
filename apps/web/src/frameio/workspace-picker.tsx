import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getData, put } from '../api/api-client.ts';
import { ErrorNotice, FormError, Spinner } from '../components/form-controls.tsx';
import { FRAMEIO_CARD_KEY } from './frameio-queries.ts';
import type { FrameioCard, FrameioWorkspaceList } from './frameio-types.ts';

/**
 * Pick the Frame.io account and workspace (after Connect, or to change them). The list comes from
 * Frame.io through the server, every page of it; the server checks the choice again on save.
 */
export function WorkspacePicker({
  onDone,
  onCancel,
}: {
  onDone: () => void;
  onCancel?: (() => void) | undefined;
}) {
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['frameio-workspaces'],
    queryFn: () => getData<FrameioWorkspaceList>('/integrations/frameio/workspaces'),
    staleTime: 0,
  });
  const [accountId, setAccountId] = useState<string | null>(null);
  const [workspaceId, setWorkspaceId] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: { account_id: string; workspace_id: string }) =>
      put<FrameioCard>('/integrations/frameio/workspace', body),
    onSuccess: (card) => {
      qc.setQueryData(FRAMEIO_CARD_KEY, card);
      void qc.invalidateQueries({ queryKey: FRAMEIO_CARD_KEY });
      onDone();
    },
  });
  if (list.isPending) return <Spinner label="Loading Frame.io accounts" />;
  if (list.isError) return <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />;
  const { accounts, selected } = list.data;
  const account =
    accounts.find((a) => a.id === (accountId ?? selected.account_id)) ??
    (accounts.length === 1 ? accounts[0] : undefined);
  const workspaces = account?.workspaces ?? [];
  const workspace =
    workspaces.find((w) => w.id === (workspaceId ?? selected.workspace_id)) ??
    (workspaces.length === 1 ? workspaces[0] : undefined);
  return (
    <form
      className="form frameio-picker"
      aria-label="Pick a Frame.io workspace"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (account && workspace) save.mutate({ account_id: account.id, workspace_id: workspace.id });
      }}
    >
      <h4>Pick the Frame.io account and workspace</h4>
      <FormError error={save.error} />
      {accounts.length === 0 ? (
        <p className="bad small">This Frame.io user belongs to no account. Reconnect as another user.</p>
      ) : null}
      <div className="field">
        <label htmlFor="frameio-account">Frame.io account</label>
        <select
          id="frameio-account"
          value={account?.id ?? ''}
          onChange={(e) => {
            setAccountId(e.target.value);
            setWorkspaceId(null);
          }}
        >
          <option value="" disabled>
            Choose an account…
          </option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
              {a.roles.length > 0 ? ` (${a.roles.join(', ')})` : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="frameio-workspace">Frame.io workspace</label>
        <select
          id="frameio-workspace"
          value={workspace?.id ?? ''}
          disabled={!account}
          onChange={(e) => setWorkspaceId(e.target.value)}
        >
          <option value="" disabled>
            {account ? 'Choose a workspace…' : 'Choose an account first'}
          </option>
          {workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
        {account && workspaces.length === 0 ? (
          <div className="field__hint">This account has no workspace this user can see.</div>
        ) : null}
      </div>
      <div className="form__actions">
        <button
          type="submit"
          className="btn btn--primary btn--small"
          disabled={!account || !workspace || save.isPending}
        >
          Use this workspace
        </button>
        {onCancel ? (
          <button type="button" className="btn btn--ghost btn--small" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { delData, post } from '../api/api-client.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { CopyButton } from '../components/copy-button.tsx';
import { ErrorNotice, Spinner } from '../components/form-controls.tsx';
import { formatDateTime } from '../lib/format.ts';
import { AutoMirrorSetting } from './auto-mirror-setting.tsx';
import { FrameioChecks } from './frameio-checks.tsx';
import { FRAMEIO_CARD_KEY, useFrameioCard } from './frameio-queries.ts';
import { FrameioSyncHealth } from './frameio-sync-health.tsx';
import {
  type FrameioCard as Card,
  FRAMEIO_STATUS_LABELS,
  type FrameioConnectionCheck,
  type FrameioDisconnectResult,
  type FrameioStatus,
} from './frameio-types.ts';
import { WorkspacePicker } from './workspace-picker.tsx';

const STATUS_TONE: Record<FrameioStatus, string> = {
  disconnected: 'muted',
  pending: 'warn',
  active: 'ok',
  needs_reconnect: 'bad',
};

interface CallbackOutcome {
  connected: boolean;
  error: { code: string; message: string } | null;
}

/**
 * What the OAuth callback said through the URL (`?frameio=connected`, or
 * `?frameio_error=<code>&message=<text>`), read once and then removed from the address bar so a
 * reload or a shared link does not show it again.
 */
function useCallbackOutcome(): CallbackOutcome {
  const [params, setParams] = useSearchParams();
  const [outcome] = useState<CallbackOutcome>(() => {
    const code = params.get('frameio_error');
    return {
      connected: params.get('frameio') === 'connected',
      error: code ? { code, message: params.get('message') || 'Frame.io could not be connected.' } : null,
    };
  });
  useEffect(() => {
    if (!params.has('frameio') && !params.has('frameio_error') && !params.has('message')) return;
    const next = new URLSearchParams(params);
    next.delete('frameio');
    next.delete('frameio_error');
    next.delete('message');
    setParams(next, { replace: true });
  }, [params, setParams]);
  return outcome;
}

/**
 * Why preroll's Frame.io webhook is missing, in the server's words (for example: only Frame.io
 * account admins may create webhooks, so an account admin has to connect). Sync goes on through
 * the 5-minute reconciliation meanwhile, which the message says too.
 */
function WebhookProblemNotice({ problem }: { problem: { code: string; message: string } }) {
  return (
    <div className="notice notice--warn" role="alert" aria-label="Frame.io webhook problem">
      <span data-testid="frameio-webhook-problem">{problem.message}</span>
      <code className="notice__code">{problem.code}</code>
    </div>
  );
}

/** Settings → Integrations → Frame.io: the connection's state and, for admins, its actions. */
export function FrameioCard() {
  const card = useFrameioCard();
  const outcome = useCallbackOutcome();
  return (
    <article className="integration" aria-label="Frame.io">
      <div className="integration__logo" aria-hidden="true">
        F
      </div>
      <div className="integration__body">
        <div className="integration__title">
          <h3>Frame.io</h3>
          {card.data ? (
            <span
              className={`badge ${card.data.mode === 'sandbox' ? 'badge--warn' : 'badge--info'}`}
              data-testid="frameio-mode"
              title={
                card.data.mode === 'sandbox'
                  ? 'No FRAMEIO_CLIENT_ID is configured: preroll talks to its bundled Frame.io emulator.'
                  : 'Connected through Adobe IMS with this server’s Frame.io credential.'
              }
            >
              {card.data.mode === 'sandbox' ? 'Local sandbox' : 'Adobe'}
            </span>
          ) : null}
          {card.data ? (
            <span
              className={`badge badge--${STATUS_TONE[card.data.status]}`}
              data-testid="frameio-status"
              data-status={card.data.status}
            >
              {FRAMEIO_STATUS_LABELS[card.data.status]}
            </span>
          ) : null}
        </div>
        <p className="muted small">
          Mirror shows, episodes and deliverables to Frame.io projects, send cuts for review, and share review
          links with clients.
        </p>
        {outcome.error ? (
          <div className="notice notice--error" role="alert" aria-label="Frame.io connection error">
            <span>
              <strong>Frame.io was not connected.</strong> {outcome.error.message}
            </span>
            <code className="notice__code">{outcome.error.code}</code>
          </div>
        ) : null}
        {card.isPending ? (
          <Spinner label="Loading the Frame.io connection" />
        ) : card.isError ? (
          <ErrorNotice error={card.error} onRetry={() => void card.refetch()} />
        ) : (
          <CardBody card={card.data} justConnected={outcome.connected} />
        )}
      </div>
    </article>
  );
}

function CardBody({ card, justConnected }: { card: Card; justConnected: boolean }) {
  const qc = useQueryClient();
  const [picking, setPicking] = useState(false);
  const [checks, setChecks] = useState<FrameioConnectionCheck[] | null>(null);
  const [disconnected, setDisconnected] = useState<FrameioDisconnectResult | null>(null);
  // The landing notice speaks about the status the callback left; once the admin acts, it goes.
  const [landing] = useState(() => (justConnected ? card.status : null));
  const [acted, setActed] = useState(false);
  const refresh = () => void qc.invalidateQueries({ queryKey: FRAMEIO_CARD_KEY });

  const connect = useMutation({
    mutationFn: () => post<{ authorize_url: string }>('/integrations/frameio/connect'),
    // A full navigation: Adobe (or the sandbox) shows its sign-in and consent, then sends the
    // browser back to /settings/integrations.
    onSuccess: (r) => window.location.assign(r.authorize_url),
  });
  const check = useMutation({
    mutationFn: () => post<{ checks: FrameioConnectionCheck[] }>('/integrations/frameio/check'),
    onSuccess: (r) => {
      setChecks(r.checks);
      refresh();
    },
    onError: refresh,
  });
  const disconnect = useMutation({
    mutationFn: () => delData<FrameioDisconnectResult>('/integrations/frameio'),
    onSuccess: (r) => {
      setActed(true);
      setDisconnected(r);
      setChecks(null);
      setPicking(false);
      refresh();
    },
  });

  const connected = card.status !== 'disconnected';
  // Adobe returns to PUBLIC_URL (the redirect URI's origin), and this browser's cookies belong to
  // the host it is on: on another host name the sign-in could not finish, so connect from there.
  const publicOrigin = new URL(card.redirect_uri).origin;
  const elsewhere = new URL(publicOrigin).hostname !== window.location.hostname ? publicOrigin : null;
  const showPicker = card.can_manage && (card.status === 'pending' || picking);
  const actionError = connect.error ?? check.error ?? disconnect.error;

  return (
    <>
      {!acted && landing === 'pending' && card.status === 'pending' ? (
        <div className="notice notice--ok" role="status">
          Signed in to Frame.io{card.frameio_user ? ` as ${card.frameio_user.name}` : ''}. Now pick the
          account and workspace preroll should use.
        </div>
      ) : null}
      {!acted && landing === 'active' && card.status === 'active' ? (
        <div className="notice notice--ok" role="status">
          Reconnected to Frame.io. The account and workspace were kept
          {card.waiting_jobs > 0 ? '; waiting Frame.io work resumes now.' : '.'}
        </div>
      ) : null}
      {disconnected && card.status === 'disconnected' ? (
        <div className="notice notice--ok" role="status" aria-label="Disconnect result">
          <span>
            Frame.io is disconnected.{' '}
            {disconnected.tokens_revoked
              ? 'The tokens were revoked at Adobe.'
              : 'The tokens were deleted from preroll.'}
          </span>
        </div>
      ) : null}
      {disconnected && disconnected.warnings.length > 0 ? (
        <ul className="notice notice--warn" aria-label="Disconnect warnings">
          {disconnected.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      <dl className="facts facts--inline" aria-label="Frame.io connection">
        {connected ? (
          <>
            <dt>Frame.io user</dt>
            <dd data-testid="frameio-user">
              {card.frameio_user ? (
                <>
                  {card.frameio_user.name} <span className="muted">&lt;{card.frameio_user.email}&gt;</span>
                </>
              ) : (
                '—'
              )}
            </dd>
            <dt>Account</dt>
            <dd data-testid="frameio-account">
              {card.account ? (card.account.name ?? card.account.id) : 'Not picked yet'}
            </dd>
            <dt>Workspace</dt>
            <dd data-testid="frameio-workspace">
              {card.workspace ? (card.workspace.name ?? card.workspace.id) : 'Not picked yet'}
            </dd>
            <dt>Token expires</dt>
            <dd>
              {formatDateTime(card.token_expires_at)}
              {card.last_refreshed_at ? (
                <span className="muted"> (refreshed {formatDateTime(card.last_refreshed_at)})</span>
              ) : null}
            </dd>
            <dt>Connected by</dt>
            <dd>
              {card.connected_by?.name ?? '—'}
              {card.connected_at ? (
                <span className="muted"> on {formatDateTime(card.connected_at)}</span>
              ) : null}
            </dd>
          </>
        ) : null}
        {card.waiting_jobs > 0 ? (
          <>
            <dt>Waiting work</dt>
            <dd>
              {card.waiting_jobs} Frame.io {card.waiting_jobs === 1 ? 'job waits' : 'jobs wait'} for the
              connection
            </dd>
          </>
        ) : null}
        {card.can_manage ? (
          <>
            <dt>Redirect URI</dt>
            <dd className="integration__uri">
              <code data-testid="frameio-redirect-uri">{card.redirect_uri}</code>
              <CopyButton value={card.redirect_uri} label="Copy redirect URI" />
            </dd>
          </>
        ) : null}
        {card.last_error ? (
          <>
            <dt>Last error</dt>
            <dd className="bad" data-testid="frameio-last-error">
              {card.last_error}
            </dd>
          </>
        ) : null}
      </dl>
      {card.webhook_problem ? <WebhookProblemNotice problem={card.webhook_problem} /> : null}
      {connected ? <AutoMirrorSetting canManage={card.can_manage} /> : null}
      {card.status === 'needs_reconnect' ? (
        <p className="small warn">
          The Frame.io sign-in expired or was revoked.{' '}
          {card.can_manage
            ? 'Reconnect as the same Frame.io user to keep the account and workspace; waiting work then resumes.'
            : 'Ask an admin to reconnect it.'}
        </p>
      ) : null}
      {!card.can_manage ? (
        <p className="muted small">Only owners and admins can connect or change Frame.io.</p>
      ) : null}
      {card.can_manage && elsewhere ? (
        <div className="notice notice--warn" role="status" aria-label="Connect from PUBLIC_URL">
          <span>
            The Frame.io sign-in returns to <a href={`${elsewhere}/settings/integrations`}>{elsewhere}</a>.
            Open preroll there to {connected ? 'reconnect' : 'connect'}: this page is on{' '}
            {window.location.origin}.
          </span>
        </div>
      ) : null}
      {card.can_manage ? (
        <fieldset className="integration__actions">
          <legend className="sr-only">Frame.io actions</legend>
          {elsewhere ? (
            <a
              className={`btn btn--small ${card.status === 'active' ? '' : 'btn--primary'}`}
              href={`${elsewhere}/settings/integrations`}
            >
              {connected ? 'Reconnect' : 'Connect'} at {elsewhere}
            </a>
          ) : (
            <button
              type="button"
              className={`btn btn--small ${card.status === 'active' ? '' : 'btn--primary'}`}
              disabled={connect.isPending || connect.isSuccess}
              onClick={() => connect.mutate()}
            >
              {connected ? 'Reconnect' : 'Connect'}
            </button>
          )}
          {card.status === 'active' ? (
            <button
              type="button"
              className="btn btn--small"
              aria-expanded={picking}
              onClick={() => setPicking((v) => !v)}
            >
              Change workspace
            </button>
          ) : null}
          {connected ? (
            <button
              type="button"
              className="btn btn--small"
              disabled={check.isPending}
              onClick={() => check.mutate()}
            >
              {check.isPending ? 'Checking…' : 'Check connection'}
            </button>
          ) : null}
          {connected ? (
            <ConfirmButton
              label="Disconnect"
              confirmLabel="Confirm disconnect"
              disabled={disconnect.isPending}
              onConfirm={() => disconnect.mutate()}
            />
          ) : null}
        </fieldset>
      ) : null}
      <ErrorNotice error={actionError} />
      {showPicker ? (
        <WorkspacePicker
          onDone={() => {
            setActed(true);
            setPicking(false);
            setChecks(null);
          }}
          onCancel={card.status === 'active' ? () => setPicking(false) : undefined}
        />
      ) : null}
      {checks && connected ? <FrameioChecks checks={checks} /> : null}
      {connected && card.workspace ? <FrameioSyncHealth canManage={card.can_manage} /> : null}
    </>
  );
}

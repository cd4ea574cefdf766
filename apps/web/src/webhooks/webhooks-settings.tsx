import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, getData, patch, post } from '../api/api-client.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { CopyButton } from '../components/copy-button.tsx';
import { EmptyState, ErrorNotice, Spinner } from '../components/form-controls.tsx';
import { formatDateTime } from '../lib/format.ts';
import { WebhookDeliveries } from './webhook-deliveries.tsx';
import { WebhookForm, type WebhookFormValues } from './webhook-form.tsx';
import {
  deliveriesKey,
  WEBHOOK_ENDPOINTS_KEY,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
  type WebhookEventInfo,
} from './webhook-types.ts';

/**
 * Settings → Webhooks (admins and owners; docs/webhooks.md): endpoints with their events, client
 * filter and internal-comment opt-in, the signing secret shown once (after adding or rotating),
 * Send test event, enable/disable, and each endpoint's delivery log with Replay.
 */
export function WebhooksSettings() {
  const qc = useQueryClient();
  const [secret, setSecret] = useState<{ endpoint: string; value: string } | null>(null);
  const [adding, setAdding] = useState(false);
  const events = useQuery({
    queryKey: ['webhook-events'],
    queryFn: () => getData<WebhookEventInfo[]>('/webhook-events'),
  });
  const endpoints = useQuery({
    queryKey: WEBHOOK_ENDPOINTS_KEY,
    queryFn: () => getData<WebhookEndpoint[]>('/webhook-endpoints'),
  });
  const create = useMutation({
    mutationFn: (values: WebhookFormValues) => post<WebhookEndpointWithSecret>('/webhook-endpoints', values),
    onSuccess: (e) => {
      setAdding(false);
      if (e.format === 'standard') setSecret({ endpoint: e.url, value: e.secret });
      void qc.invalidateQueries({ queryKey: WEBHOOK_ENDPOINTS_KEY });
    },
  });
  return (
    <section className="panel webhooks" aria-labelledby="webhooks-h">
      <h2 id="webhooks-h">Webhooks</h2>
      <p className="muted small">
        preroll POSTs events to your endpoints, signed per the Standard Webhooks spec (<code>webhook-id</code>
        , <code>webhook-timestamp</code>, <code>webhook-signature</code>), and retries failures for a day. A
        Slack endpoint gets readable messages instead.
      </p>
      {secret ? (
        <div className="notice notice--ok secret" role="status">
          <div>
            <strong>Copy the signing secret of {secret.endpoint} now.</strong> It will not be shown again.
          </div>
          <div className="secret__row">
            <output className="secret__value" aria-label="Signing secret">
              {secret.value}
            </output>
            <CopyButton value={secret.value} label="Copy signing secret" />
            <button type="button" className="btn btn--small btn--ghost" onClick={() => setSecret(null)}>
              Done
            </button>
          </div>
        </div>
      ) : null}
      {adding ? (
        <WebhookForm
          events={events.data ?? []}
          error={create.error}
          pending={create.isPending}
          submitLabel="Add endpoint"
          onSubmit={(v) => create.mutate(v)}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <button type="button" className="btn btn--primary" onClick={() => setAdding(true)}>
          Add endpoint
        </button>
      )}
      {endpoints.isPending ? (
        <Spinner />
      ) : endpoints.isError ? (
        <ErrorNotice error={endpoints.error} onRetry={() => void endpoints.refetch()} />
      ) : endpoints.data.length === 0 ? (
        <EmptyState>No webhook endpoints.</EmptyState>
      ) : (
        endpoints.data.map((e) => (
          <EndpointPanel
            key={e.id}
            endpoint={e}
            events={events.data ?? []}
            onSecret={(value) => setSecret({ endpoint: e.url, value })}
          />
        ))
      )}
    </section>
  );
}

function EndpointPanel(props: {
  endpoint: WebhookEndpoint;
  events: WebhookEventInfo[];
  onSecret: (secret: string) => void;
}) {
  const { endpoint: e } = props;
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const refresh = () => void qc.invalidateQueries({ queryKey: WEBHOOK_ENDPOINTS_KEY });
  const update = useMutation({
    mutationFn: (body: Record<string, unknown>) => patch<WebhookEndpoint>(`/webhook-endpoints/${e.id}`, body),
    onSuccess: () => {
      setEditing(false);
      refresh();
    },
  });
  const test = useMutation({
    mutationFn: () => post(`/webhook-endpoints/${e.id}/test`),
    onSettled: () => void qc.invalidateQueries({ queryKey: deliveriesKey(e.id) }),
  });
  const rotate = useMutation({
    mutationFn: () => post<WebhookEndpointWithSecret>(`/webhook-endpoints/${e.id}/rotate-secret`, {}),
    onSuccess: (r) => {
      props.onSecret(r.secret);
      refresh();
    },
  });
  const remove = useMutation({ mutationFn: () => del(`/webhook-endpoints/${e.id}`), onSettled: refresh });
  const name = e.description || e.url;
  return (
    <article className="webhook-endpoint" aria-label={`Webhook endpoint ${name}`}>
      <header className="webhook-endpoint__head">
        <div>
          <strong>{e.description || 'Endpoint'}</strong> <code>{e.url}</code>{' '}
          <span className="badge badge--muted">{e.format === 'slack' ? 'Slack' : 'Standard Webhooks'}</span>{' '}
          <span className={`badge badge--${e.status === 'active' ? 'ok' : 'bad'}`}>{e.status}</span>
        </div>
        <div className="webhook-endpoint__actions">
          <button
            type="button"
            className="btn btn--small"
            disabled={test.isPending}
            onClick={() => test.mutate()}
          >
            Send test event
          </button>
          {e.format === 'standard' ? (
            <button
              type="button"
              className="btn btn--small"
              disabled={rotate.isPending}
              onClick={() => rotate.mutate()}
            >
              Rotate secret
            </button>
          ) : null}
          <button
            type="button"
            className="btn btn--small"
            disabled={update.isPending}
            onClick={() => update.mutate({ enabled: e.status !== 'active' })}
          >
            {e.status === 'active' ? 'Disable' : 'Enable'}
          </button>
          <button type="button" className="btn btn--small btn--ghost" onClick={() => setEditing((x) => !x)}>
            Edit
          </button>
          <ConfirmButton
            label="Delete"
            ariaLabel={`Delete ${name}`}
            onConfirm={() => remove.mutate()}
            disabled={remove.isPending}
          />
        </div>
      </header>
      {e.status === 'disabled' && e.disabled_reason ? (
        <div className="notice notice--warn" role="status">
          Disabled: {e.disabled_reason}. Enable it once the endpoint answers again, then replay what it
          missed.
        </div>
      ) : e.failing_since ? (
        <div className="notice notice--warn" role="status">
          Every attempt has failed since {formatDateTime(e.failing_since)}; after a day the endpoint is
          disabled.
        </div>
      ) : null}
      {e.previous_secret_expires_at ? (
        <p className="muted small">
          The previous secret also signs until {formatDateTime(e.previous_secret_expires_at)}.
        </p>
      ) : null}
      <p className="small">
        Events:{' '}
        {e.events.map((t) => (
          <code key={t}>{t} </code>
        ))}
        {e.client_id ? ' · one client only' : ' · all clients'}
        {e.include_internal ? ' · with internal comments' : ''}
      </p>
      <ErrorNotice error={test.error ?? rotate.error ?? remove.error ?? (editing ? null : update.error)} />
      {editing ? (
        <WebhookForm
          events={props.events}
          endpoint={e}
          error={update.error}
          pending={update.isPending}
          submitLabel="Save endpoint"
          onSubmit={(v) => update.mutate({ ...v })}
          onCancel={() => setEditing(false)}
        />
      ) : null}
      <WebhookDeliveries endpointId={e.id} />
    </article>
  );
}

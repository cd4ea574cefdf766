import { WEBHOOK_LIMITS } from '@preroll/contracts/limits';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { getPage } from '../api/api-client.ts';
import type { Client } from '../api/types.ts';
import { Field, FormError } from '../components/form-controls.tsx';
import type { WebhookEndpoint, WebhookEventInfo } from './webhook-types.ts';

export interface WebhookFormValues {
  url?: string;
  format?: 'standard' | 'slack';
  description: string;
  events: string[];
  client_id: string | null;
  include_internal: boolean;
}

/**
 * Add or edit an endpoint: URL (and, when adding, Standard Webhooks or Slack), the events it
 * receives, an optional client filter, and the opt-in for internal comments. Editing leaves the
 * URL alone unless a new one is typed (the saved one is never shown in full).
 */
export function WebhookForm(props: {
  events: WebhookEventInfo[];
  endpoint?: WebhookEndpoint;
  error: unknown;
  pending: boolean;
  submitLabel: string;
  onSubmit: (values: WebhookFormValues) => void;
  onCancel?: () => void;
}) {
  const { endpoint } = props;
  const [chosen, setChosen] = useState<string[]>(endpoint?.events ?? ['comment.created']);
  const clients = useQuery({
    queryKey: ['clients', 'webhook-filter'],
    queryFn: () => getPage<Client>('/clients', { limit: 200 }),
  });
  return (
    <form
      className="form webhook-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const url = String(data.get('url') ?? '').trim();
        props.onSubmit({
          ...(url || !endpoint ? { url } : {}),
          ...(endpoint ? {} : { format: data.get('format') === 'slack' ? 'slack' : 'standard' }),
          description: String(data.get('description') ?? ''),
          events: chosen,
          client_id: String(data.get('client_id') ?? '') || null,
          include_internal: data.get('include_internal') === 'on',
        });
      }}
    >
      <FormError error={props.error} fields={['url', 'events', 'description', 'client_id']} />
      <Field
        label={endpoint ? 'New URL (leave empty to keep the current one)' : 'Endpoint URL'}
        name="url"
        error={props.error}
        hint="https://… Your receiver, or a Slack incoming-webhook URL."
      >
        {(p) => (
          <input
            {...p}
            type="url"
            placeholder="https://example.com/preroll-webhooks"
            maxLength={WEBHOOK_LIMITS.url}
            required={!endpoint}
          />
        )}
      </Field>
      {endpoint ? null : (
        <fieldset className="webhook-form__format">
          <legend>Format</legend>
          <label>
            <input type="radio" name="format" value="standard" defaultChecked /> Standard Webhooks (signed
            JSON)
          </label>
          <label>
            <input type="radio" name="format" value="slack" /> Slack message
          </label>
        </fieldset>
      )}
      <Field label="Description" name="description" error={props.error}>
        {(p) => (
          <input
            {...p}
            defaultValue={endpoint?.description ?? ''}
            placeholder="e.g. Ops channel"
            maxLength={WEBHOOK_LIMITS.description}
          />
        )}
      </Field>
      <fieldset className="webhook-form__events" aria-describedby="webhook-events-hint">
        <legend>Events</legend>
        {props.events.map((e) => (
          <label key={e.type}>
            <input
              type="checkbox"
              checked={chosen.includes(e.type)}
              onChange={(ev) =>
                setChosen((list) =>
                  ev.target.checked ? [...list, e.type] : list.filter((t) => t !== e.type),
                )
              }
            />{' '}
            <code>{e.type}</code> <span className="muted small">{e.description}</span>
          </label>
        ))}
        <div className="field__hint" id="webhook-events-hint">
          Pick at least one.
        </div>
      </fieldset>
      <Field label="Only for client" name="client_id" error={props.error}>
        {(p) => (
          <select {...p} defaultValue={endpoint?.client_id ?? ''}>
            <option value="">All clients</option>
            {(clients.data?.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <label className="webhook-form__internal">
        <input type="checkbox" name="include_internal" defaultChecked={endpoint?.include_internal ?? false} />{' '}
        Include internal (team-only) comments
      </label>
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={props.pending}>
          {props.submitLabel}
        </button>
        {props.onCancel ? (
          <button type="button" className="btn btn--ghost" onClick={props.onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
